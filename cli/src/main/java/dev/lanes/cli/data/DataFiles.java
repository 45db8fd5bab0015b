package dev.lanes.cli.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Finds and loads the data a command names: a CSV file with a header, a pair of MNIST IDX files (plain or gzip),
 * standard input ({@code -}), or the bundled handwritten digits when no file is given.
 */
public final class DataFiles {

    /** Name shown for the bundled data set (UCI 8x8 digits, see the NOTICE next to the resource). */
    public static final String BUNDLED = "digits.csv (bundled)";
    private static final String BUNDLED_RESOURCE = "/dev/lanes/cli/data/digits.csv";
    public static final String STDIN = "-";
    /** IDX magic numbers: unsigned bytes in 3 dimensions (images) or 1 (labels). */
    private static final int IDX_IMAGES = 0x803;
    private static final int IDX_LABELS = 0x801;

    private DataFiles() {
    }

    /**
     * A labelled data set to train on: every CSV column but the {@code target} (default: the last) is a feature.
     * {@code data} null means the bundled digits; an IDX image file takes its labels from {@code labels}, or from
     * the file whose name has {@code labels-idx1} in place of {@code images-idx3}. Classification needs at least
     * two classes.
     */
    public static Dataset load(String data, String labels, String target, boolean regression) throws IOException {
        Dataset d = load(data, labels, target, regression, ModelColumns.NONE);
        if (d.isClassification() && java.util.Arrays.stream(d.labels()).distinct().count() < 2) {
            throw new DataException(d.source() + ": every row has class '" + d.classes().get(d.labels()[0])
                    + "' in column '" + d.targetName() + "'; classification needs at least 2 classes"
                    + " (--regression treats the target as a value)");
        }
        return d;
    }

    /**
     * Labelled data to evaluate a model on: a CSV's features are the model's, picked by name (see
     * {@link ModelColumns#inputColumns}); the {@code target} defaults to the model's, else the last column. Options
     * that do not apply to the data's format ({@code labels} for CSV, {@code target} or {@code regression} for IDX)
     * are refused rather than ignored.
     */
    public static Dataset load(String data, String labels, String target, boolean regression, ModelColumns model)
            throws IOException {
        boolean idx = data != null && isIdx(data);
        String name = data == null ? BUNDLED : data;
        if (idx && target != null) {
            throw new DataException("--target applies to CSV data, but " + name + " is IDX images (their labels"
                    + " come from --labels)");
        }
        if (idx && regression) {
            throw new DataException("--regression applies to CSV data, but " + name + " is IDX images, whose"
                    + " labels are classes");
        }
        if (!idx && labels != null) {
            throw new DataException("--labels applies to IDX images, but " + name + " is CSV (its label column is"
                    + " picked with --target)");
        }
        if (idx) {
            return loadIdx(data, labels != null ? labels : guessLabels(data));
        }
        Table table = readTable(data);
        return fromTable(table, target != null ? target : model.target(), regression, model);
    }

    /** A CSV table from a file, standard input, or the bundled digits. */
    public static Table readTable(String data) throws IOException {
        if (data == null) {
            try (BufferedReader r = reader(DataFiles.class.getResourceAsStream(BUNDLED_RESOURCE))) {
                return CsvReader.read(r, BUNDLED);
            }
        }
        if (data.equals(STDIN)) {
            return CsvReader.read(reader(System.in), "<stdin>");
        }
        if (idxMagic(data) == IDX_LABELS) {
            throw new DataException(data + ": an IDX label file, not CSV: give the images as --data and this file"
                    + " as --labels");
        }
        try (BufferedReader r = reader(open(data))) {
            return CsvReader.read(r, data);
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Opens a file, un-gzipping it when it starts with the gzip magic bytes. */
    static InputStream open(String file) throws IOException {
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new DataException(file + ": is a directory, not a data file");
        }
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        }
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /**
     * True for a file named like an IDX image file ({@code ...idx3...}, {@code .idx}, {@code .idx.gz}) or one that
     * starts with the IDX image magic number (plain or gzip).
     */
    public static boolean isIdx(String data) {
        String name = Path.of(data).getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.contains("idx3") || name.endsWith(".idx") || name.endsWith(".idx.gz")
                || idxMagic(data) == IDX_IMAGES;
    }

    /** The first four bytes of a regular file (un-gzipped) as a big-endian int, or -1 when it has fewer or is none. */
    private static int idxMagic(String file) {
        if (file.equals(STDIN) || !Files.isRegularFile(Path.of(file))) {
            return -1;
        }
        try (InputStream in = open(file)) {
            byte[] b = in.readNBytes(4);
            return b.length < 4 ? -1 : java.nio.ByteBuffer.wrap(b).getInt();
        } catch (IOException e) {
            return -1; // unreadable: reading it as data reports why
        }
    }

    private static String guessLabels(String images) {
        String guess = images.replace("images-idx3", "labels-idx1").replace("images.idx3", "labels.idx1");
        if (guess.equals(images)) {
            throw new DataException(images + ": an IDX image file needs its labels: pass --labels FILE");
        }
        return guess;
    }

    /** IDX images without labels (for {@code predict}): {@code [count, height × width]} pixels in [0, 1]. */
    public static Dataset loadImages(String imagesFile) throws IOException {
        int[] countAndWidth = new int[2];
        float[] x;
        try (InputStream in = open(imagesFile)) {
            x = IdxReader.readImages(in, imagesFile, countAndWidth);
        }
        List<String> features = new ArrayList<>();
        for (int i = 0; i < countAndWidth[1]; i++) {
            features.add("pixel" + i);
        }
        return new Dataset(imagesFile, features, null, x, countAndWidth[0], countAndWidth[1], null, null, List.of());
    }

    private static Dataset loadIdx(String imagesFile, String labelsFile) throws IOException {
        Dataset images = loadImages(imagesFile);
        int[] y;
        try (InputStream in = open(labelsFile)) {
            y = IdxReader.readLabels(in, labelsFile);
        }
        if (y.length != images.rows()) {
            throw new DataException(labelsFile + ": " + y.length + " labels for " + images.rows() + " images in "
                    + imagesFile);
        }
        int classCount = Arrays.stream(y).max().orElse(0) + 1;
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < classCount; c++) {
            classes.add(Integer.toString(c));
        }
        return new Dataset(imagesFile, images.featureNames(), "label", images.features(), images.rows(),
                images.cols(), y, null, classes);
    }

    /**
     * Features and target from a table: the target column is {@code target} (name or index; the last column when
     * null) and the features are {@code model}'s. Class labels that are all integers are ordered numerically, other
     * labels alphabetically, so the class index of a label does not depend on row order.
     */
    static Dataset fromTable(Table table, String target, boolean regression, ModelColumns model) {
        if (table.header().size() < 2) {
            throw new DataException(table.source() + ": needs at least one feature column and a target column");
        }
        int targetCol = target == null ? table.header().size() - 1 : table.column(target);
        int[] featureCols = model.inputColumns(table, targetCol);
        float[] x = features(table, featureCols);
        int n = table.rows().size();
        List<String> names = Arrays.stream(featureCols).mapToObj(table.header()::get).toList();
        String targetName = table.header().get(targetCol);
        if (regression) {
            float[] v = new float[n];
            for (int r = 0; r < n; r++) {
                v[r] = table.number(r, targetCol);
            }
            return new Dataset(table.source(), names, targetName, x, n, featureCols.length, null, v, List.of());
        }
        List<String> classes = classLabels(table, targetCol);
        TreeMap<String, Integer> index = new TreeMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        int[] y = new int[n];
        for (int r = 0; r < n; r++) {
            y[r] = index.get(table.rows().get(r)[targetCol]);
        }
        return new Dataset(table.source(), names, targetName, x, n, featureCols.length, y, null, classes);
    }

    /** Numeric values of the given columns, row-major. */
    public static float[] features(Table table, int[] columns) {
        int n = table.rows().size();
        float[] x = new float[n * columns.length];
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < columns.length; k++) {
                x[r * columns.length + k] = table.number(r, columns[k]);
            }
        }
        return x;
    }

    private static List<String> classLabels(Table table, int col) {
        TreeSet<String> distinct = new TreeSet<>();
        for (String[] row : table.rows()) {
            if (row[col].isEmpty()) {
                throw new DataException(table.where(table.rows().indexOf(row), col) + ": empty class label");
            }
            distinct.add(row[col]);
        }
        boolean allIntegers = distinct.stream().allMatch(s -> s.matches("-?\\d{1,18}"));
        List<String> labels = new ArrayList<>(distinct);
        if (allIntegers) {
            labels.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        }
        return labels;
    }
}
