package dev.lanes.spi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The spec grammar's tokens, {@code name} or {@code name(arguments)} with arguments positional or
 * {@code key=value}, read from one text: {@link ModelSpec} reads layers with it, {@link ProviderSpec} a loss.
 * A value may be a list in brackets, {@code weight=[1,2,0.5]}: commas and spaces inside {@code (...)} or
 * {@code [...]} split nothing. Errors name the text ({@code what}, e.g. "model spec"), the column and the problem,
 * with the text and a caret under the column on two more lines.
 */
final class SpecGrammar {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String text;
    private final String what;

    SpecGrammar(String text, String what) {
        this.text = text;
        this.what = what;
    }

    /** A stretch of the text: {@code text} starting at column {@code start}. */
    record Piece(String text, int start) {
    }

    /** One token: registry name, options, and where it stands in the text (for error messages). */
    record Token(String name, Options options, int column) {
    }

    /** Splits {@code text[from, to)} at {@code separator} (or whitespace, for ' ') outside parentheses and brackets. */
    List<Piece> split(int from, int to, char separator) {
        List<Piece> pieces = new ArrayList<>();
        Deque<Integer> open = new ArrayDeque<>(); // columns of the '(' and '[' not yet closed, innermost first
        int start = from;
        for (int i = from; i <= to; i++) {
            char c = i < to ? text.charAt(i) : separator;
            boolean atSeparator = separator == ' ' ? Character.isWhitespace(c) : c == separator;
            if (c == '(' || c == '[') {
                open.push(i);
            } else if (c == ')' || c == ']') {
                char opener = c == ')' ? '(' : '[';
                if (open.isEmpty()) {
                    throw error(i, "unbalanced '" + c + "'");
                }
                if (text.charAt(open.peek()) != opener) {
                    char closer = opener == '(' ? '[' : '(';
                    throw error(i, "'" + c + "' before the '" + closer + "' at column " + (open.peek() + 1)
                            + " is closed");
                }
                open.pop();
            } else if (open.isEmpty() && (atSeparator || i == to)) {
                String piece = text.substring(start, i);
                int lead = piece.length() - piece.stripLeading().length();
                if (!piece.isBlank()) {
                    pieces.add(new Piece(piece.strip(), start + lead));
                } else if (separator != ' ') {
                    throw error(start, "empty item");
                }
                start = i + 1;
            }
        }
        if (!open.isEmpty()) {
            int outermost = open.peekLast();
            char closer = text.charAt(outermost) == '(' ? ')' : ']';
            throw error(outermost, "'" + text.charAt(outermost) + "' is never closed: missing '" + closer + "'");
        }
        return pieces;
    }

    /** The token {@code piece}, its name looked up in {@code registry} when it has arguments. */
    Token token(Piece piece, ProviderRegistry<?> registry) {
        String tokenText = piece.text();
        int open = tokenText.indexOf('(');
        String name = (open < 0 ? tokenText : tokenText.substring(0, open)).strip();
        if (!NAME.matcher(name).matches()) {
            throw error(piece.start(), "'" + tokenText + "' is not a " + registry.kind() + " name or name(arguments)");
        }
        if (open < 0) {
            return new Token(name, Options.empty(), piece.start());
        }
        if (!tokenText.endsWith(")")) {
            throw error(piece.start() + tokenText.length() - 1, "text after ')' in '" + tokenText + "'");
        }
        List<String> positional = provider(registry, piece.start(), name).parameterNames();
        Options options = Options.empty();
        int argsStart = piece.start() + open + 1;
        int argsEnd = piece.start() + tokenText.length() - 1;
        if (text.substring(argsStart, argsEnd).isBlank()) {
            return new Token(name, options, piece.start());
        }
        boolean keywordSeen = false;
        int index = 0;
        for (Piece arg : split(argsStart, argsEnd, ',')) {
            int eq = arg.text().indexOf('=');
            String key;
            String value;
            if (eq >= 0) {
                key = arg.text().substring(0, eq).strip();
                value = arg.text().substring(eq + 1).strip();
                keywordSeen = true;
                if (!positional.contains(key.toLowerCase(Locale.ROOT))) {
                    throw error(arg.start(), name + " has no option '" + key + "'; its options: " + positional);
                }
            } else {
                if (keywordSeen) {
                    throw error(arg.start(), "positional argument '" + arg.text() + "' after a key=value one");
                }
                if (index >= positional.size()) {
                    throw error(arg.start(), name + " takes at most " + positional.size()
                            + " arguments " + positional + ", got another: '" + arg.text() + "'");
                }
                key = positional.get(index);
                value = arg.text();
            }
            if (options.has(key)) {
                throw error(arg.start(), "option '" + key + "' given twice");
            }
            options = options.with(key, value);
            index++;
        }
        return new Token(name, options, piece.start());
    }

    private NamedProvider provider(ProviderRegistry<?> registry, int column, String name) {
        try {
            return registry.get(name);
        } catch (IllegalArgumentException e) {
            throw error(column, e.getMessage());
        }
    }

    IllegalArgumentException error(int column, String problem) {
        String oneLine = text.replace('\n', ' ');
        return new IllegalArgumentException("bad " + what + " at column " + (column + 1) + ": " + problem + "\n  "
                + oneLine + "\n  " + " ".repeat(Math.max(0, Math.min(column, oneLine.length()))) + "^");
    }
}
