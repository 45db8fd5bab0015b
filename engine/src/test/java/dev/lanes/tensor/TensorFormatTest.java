package dev.lanes.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** {@code toString} prints exactly what PyTorch prints (fixtures written by make_print_fixtures.py). */
class TensorFormatTest {

    @TestFactory
    List<DynamicTest> printsLikePyTorch() throws IOException {
        String text;
        try (InputStream in = TensorFormatTest.class.getResourceAsStream("print_fixtures.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String block : text.split("(?m)^### ")) {
            if (block.isEmpty()) {
                continue;
            }
            int newline = block.indexOf('\n');
            String[] header = block.substring(0, newline).split(" \\| ", -1);
            String expected = block.substring(newline + 1).stripTrailing();
            int[] shape = header[0].isBlank() ? new int[0]
                    : Arrays.stream(header[0].split(",")).mapToInt(Integer::parseInt).toArray();
            boolean requiresGrad = header[1].equals("1");
            String[] items = header[2].isBlank() ? new String[0] : header[2].split(",");
            float[] values = new float[items.length];
            for (int i = 0; i < items.length; i++) {
                values[i] = Float.parseFloat(items[i].replace("inf", "Infinity").replace("nan", "NaN"));
            }
            tests.add(DynamicTest.dynamicTest(Arrays.toString(shape) + " " + expected.lines().findFirst().orElse(""),
                    () -> assertEquals(expected, Tensor.of(values, shape).requiresGrad(requiresGrad).toString())));
        }
        assertTrue(tests.size() > 20, "fixtures found");
        return tests;
    }

    @Test
    void resultsShowTheirGradFn() {
        Tensor x = Tensor.of(1.5f, 2f).requiresGrad(true);
        assertEquals("tensor([3., 4.], grad_fn=<MulBackward>)", x.mul(2f).toString());
        assertEquals("tensor(7., grad_fn=<SumBackward>)", x.mul(2f).sum().toString());
        assertEquals("tensor([[1.5000, 2.0000]], grad_fn=<ReshapeBackward>)", x.reshape(1, 2).toString());
        try (var scope = GradMode.noGrad()) {
            assertEquals("tensor([3., 4.])", x.mul(2f).toString());
        }
    }
}
