package dev.lanes.bench.kernel;

/** A GEMM / layer shape parsed from a JMH parameter: {@code "512"} (square) or {@code "MxKxN"}. */
record Shape(int m, int k, int n) {

    static Shape parse(String text) {
        String[] parts = text.split("x");
        if (parts.length == 1) {
            int s = Integer.parseInt(parts[0]);
            return new Shape(s, s, s);
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("shape must be N or MxKxN, got " + text);
        }
        return new Shape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    }

    static float[] random(java.util.Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextFloat() * 2f - 1f;
        }
        return x;
    }
}
