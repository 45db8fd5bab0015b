package dev.lanes.layers;

import java.math.BigDecimal;

/** Values spelled as Python prints them, so a layer's printed form reads as PyTorch's ({@code eps=1e-05}). */
final class PythonRepr {

    private PythonRepr() {
    }

    /**
     * A float's shortest decimal in Python's {@code repr} form: positional from 1e-4 up to 1e16 ({@code 0.0001},
     * {@code 0.1}, {@code 2.0}), scientific beyond ({@code 1e-05}, {@code 2.5e-07}, {@code 1e+16}).
     */
    static String of(float v) {
        if (Float.isNaN(v)) {
            return "nan";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String sign = Math.copySign(1f, v) < 0 ? "-" : "";
        if (v == 0f) {
            return sign + "0.0";
        }
        BigDecimal d = new BigDecimal(Float.toString(Math.abs(v))).stripTrailingZeros(); // Java's shortest digits
        int exponent = d.precision() - d.scale() - 1; // of the leading digit
        if (exponent < -4 || exponent >= 16) {
            String digits = d.unscaledValue().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        String plain = d.toPlainString();
        return sign + (plain.contains(".") ? plain : plain + ".0");
    }

    static String of(boolean b) {
        return b ? "True" : "False";
    }
}
