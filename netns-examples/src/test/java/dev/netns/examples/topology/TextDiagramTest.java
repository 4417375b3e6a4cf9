package dev.netns.examples.topology;

import dev.netns.IpPrefix;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextDiagramTest {

    @Test
    void twoPodsFitEightyColumnsInPlainAscii() {
        String text = TextDiagram.render(Sample.twoPods());
        for (String line : text.split("\n")) {
            assertTrue(line.length() <= 80, () -> "too wide (" + line.length() + "): " + line);
            assertTrue(line.chars().allMatch(c -> c >= 0x20 && c < 0x7f), () -> "not plain ASCII: " + line);
            assertEquals(line.stripTrailing(), line, "no trailing spaces");
        }
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void everyObjectOfTheTopologyIsShown() {
        String text = TextDiagram.render(Sample.twoPods());
        for (String expected : List.of("node namespace netns-demo-4194304", "/run/netns/netns-demo-4194304", "bridge cni0",
                "gateway 10.244.1.1/24", "10.244.1.0/24", "veth0123456789a", "vethfedcba98765", "eth0 10.244.1.2/24",
                "eth0 10.244.1.3/24", "pod mypod", "pod otherpod", "ns netns-demo-4194304-mypod", "ns netns-demo-4194304-otherpod",
                "* http-server", "* java-client", "127.0.0.1:8080")) {
            assertTrue(text.contains(expected), () -> "missing '" + expected + "' in\n" + text);
        }
    }

    @Test
    void eachVethLineRunsFromTheBridgeBusIntoItsPodBox() {
        List<String> lines = TextDiagram.render(Sample.twoPods()).lines().toList();
        int bus = -1;
        int podTop = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (bus < 0 && lines.get(i).startsWith("|") && lines.get(i).contains("+---")) {
                bus = i;
            }
            if (podTop < 0 && lines.get(i).startsWith("  +---|")) {
                podTop = i;
            }
        }
        assertTrue(bus > 0 && podTop > bus, () -> String.join("\n", lines));
        String top = lines.get(podTop);
        List<Integer> columns = new ArrayList<>();
        for (int c = 1; c < top.length(); c++) {
            if (top.charAt(c) == '|' && top.charAt(c - 1) == '-') {
                columns.add(c);
            }
        }
        assertEquals(2, columns.size(), () -> "two veth lines expected in: " + top);
        for (int col : columns) {
            assertEquals('+', lines.get(bus).charAt(col), "joins the bus");
            for (int r = bus + 1; r < podTop; r++) {
                assertEquals('|', lines.get(r).charAt(col), "unbroken at row " + r);
            }
        }
    }

    @Test
    void wrapsAtSpacesThenAtPunctuationInsideLongWords() {
        List<String> out = new ArrayList<>();
        TextDiagram.wrap(out, "   ", "python3 -m http.server, pid 4194399, 127.0.0.1:8080");
        assertEquals(List.of("   python3 -m http.server, pid", "   4194399, 127.0.0.1:8080"), out);
        List<String> word = new ArrayList<>();
        TextDiagram.wrap(word, "", "ns averyveryverylongnodename-withapodnamethatislong");
        assertEquals(List.of("ns", "averyveryverylongnodename-", "withapodnamethatislong"), word);
        word.forEach(l -> assertTrue(l.length() <= TextDiagram.MAX_INNER));
    }

    @Test
    void aNetworkWithoutPodsIsJustTheNode() {
        Topology empty = new Topology("n", Path.of("/run/netns/n"), "cni0", IpPrefix.parse("10.0.0.1/30"), IpPrefix.parse("10.0.0.0/30"), List.of());
        String text = TextDiagram.render(empty);
        assertTrue(text.contains("bridge cni0  gateway 10.0.0.1/30"), text);
        assertTrue(!text.contains("veth pair"), text);
    }
}
