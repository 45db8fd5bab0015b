package dev.lanes.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lanes.cli.Main;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lanes serve} as users run it: option errors in one line, and a real process stopped by SIGTERM. */
class ServeCommandTest {

    private static final Pattern URL = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+) ");

    @TempDir
    Path dir;

    private static String[] runInProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void badOptionsFailInOneLineWithoutStarting() throws Exception {
        Path model = TinyModel.save(dir);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String[] r = runInProcess("serve", "--model", model.toString(), "--port",
                    Integer.toString(taken.getLocalPort()));
            assertEquals("2", r[0], String.join("\n", r));
            assertTrue(r[2].startsWith("lanes serve: cannot listen on 127.0.0.1:" + taken.getLocalPort()), r[2]);
        }
        String[][] cases = {
            {"--model", dir.resolve("missing.safetensors").toString()},
            {"--model", model.toString(), "--request-threads", "0"},
            {"--model", model.toString(), "--port", "70000"},
            {"--model", model.toString(), "--max-body-bytes", "0"},
            {"--model", model.toString(), "--request-timeout", "0"},
        };
        String[] expected = {"missing.safetensors: no such file", "--request-threads must be at least 1",
            "--port must be 0 to 65535", "--max-body-bytes must be at least 1",
            "--request-timeout must be at least 1 second"};
        for (int i = 0; i < cases.length; i++) {
            List<String> args = new ArrayList<>(List.of("serve"));
            args.addAll(List.of(cases[i]));
            String[] r = runInProcess(args.toArray(String[]::new));
            assertEquals("2", r[0], String.join("\n", r));
            assertEquals(1, r[2].strip().lines().count(), r[2]);
            assertTrue(r[2].startsWith("lanes serve: ") && r[2].contains(expected[i]), r[2]);
        }
    }

    /** {@code lanes serve} in its own JVM, as users start it, and the URL from its start line. */
    private record Served(Process process, BufferedReader lines, URI url, String seen) {
        static Served start(Path model, String... options) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName(), "serve", "--model", model.toString(), "--port", "0"));
            cmd.addAll(List.of(options));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            URI url = null;
            for (String line; url == null && (line = lines.readLine()) != null; ) {
                seen.append(line).append('\n');
                Matcher m = URL.matcher(line);
                if (m.find()) {
                    url = URI.create(m.group(1));
                }
            }
            assertTrue(url != null, "the start line gives the URL:\n" + seen);
            return new Served(p, lines, url, seen.toString());
        }
    }

    @Test
    void aClientThatStallsMidRequestIsDisconnected() throws Exception {
        Served served = Served.start(TinyModel.save(dir), "--request-timeout", "1", "--request-threads", "1");
        try (Socket slow = new Socket(served.url().getHost(), served.url().getPort())) {
            slow.setSoTimeout(20_000);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"inputs\": [[").getBytes(StandardCharsets.US_ASCII));
            out.flush(); // ... and never the rest of the body
            assertEquals(-1, slow.getInputStream().read(), "the server closes the stalled connection");
            // the one request thread is free again
            assertEquals(200, Http.post(served.url(), "/predict", "application/json",
                    TinyModel.jsonBody(TinyModel.randomRows(9, 1), 1)).statusCode());
        } finally {
            served.process().destroyForcibly();
        }
    }

    @Test
    void sigtermStopsTheProcessCleanlyWithOneLine() throws Exception {
        Served served = Served.start(TinyModel.save(dir));
        Process p = served.process();
        try {
            BufferedReader lines = served.lines();
            String seen = served.seen();
            URI url = served.url();
            assertEquals(200, Http.get(url, "/health").statusCode());
            assertEquals(200, Http.post(url, "/predict", "application/json",
                    TinyModel.jsonBody(TinyModel.randomRows(9, 1), 1)).statusCode());

            // SIGTERM through the handle: Process.destroy() would also close our end of its output
            assertTrue(p.toHandle().destroy());
            StringBuilder after = new StringBuilder();
            for (String line; (line = lines.readLine()) != null; ) { // to the end: the process has exited
                after.append(line).append('\n');
            }
            assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the server exits after SIGTERM");
            String rest = after.toString();
            assertTrue(rest.contains("lanes serve: stopped after 2 requests\n"), seen + rest);
            assertTrue(!rest.contains("Exception"), rest);
            assertEquals(143, p.exitValue(), "128 + SIGTERM, the JVM's exit status for a TERM it handled");
        } finally {
            p.destroyForcibly();
        }
    }
}
