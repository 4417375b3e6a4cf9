package dev.netns.examples.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A grid of characters that grows as text is put on it. */
final class Canvas {
    private final List<char[]> rows = new ArrayList<>();

    void put(int row, int col, String text) {
        while (rows.size() <= row) {
            rows.add(new char[0]);
        }
        char[] r = rows.get(row);
        if (r.length < col + text.length()) {
            int old = r.length;
            r = Arrays.copyOf(r, col + text.length());
            Arrays.fill(r, old, r.length, ' ');
            rows.set(row, r);
        }
        text.getChars(0, text.length(), r, col);
    }

    /** A box of {@code width} x {@code height} characters, borders included, with an optional title in the top border. */
    void box(int row, int col, int width, int height, String title) {
        String horizontal = "+" + "-".repeat(width - 2) + "+";
        put(row, col, horizontal);
        if (title != null) {
            put(row, col + 2, " " + title + " ");
        }
        for (int r = row + 1; r < row + height - 1; r++) {
            put(r, col, "|");
            put(r, col + width - 1, "|");
        }
        put(row + height - 1, col, horizontal);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (char[] r : rows) {
            sb.append(new String(r).stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
