package dev.netns.examples.topology;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DotAndSvgTest {

    @Test
    void dotHasAClusterPerNamespaceAndAnEdgePerVeth() {
        String dot = DotGraph.render(Sample.twoPods());
        assertTrue(dot.contains("graph netns {"));
        assertEquals(count(dot, "{"), count(dot, "}"), "balanced braces");
        assertEquals(3, count(dot, "subgraph cluster_"), "node + two pods");
        assertEquals(2, count(dot, "[style=dashed, label=\"veth pair\"]"), "one dashed edge per veth");
        assertTrue(dot.contains("bridge -- host0;") && dot.contains("bridge -- host1;"));
        assertTrue(dot.contains("host0 -- eth0") && dot.contains("host1 -- eth1"));
        assertTrue(dot.contains("label=\"eth0\\n10.244.1.2/24\""), dot);
        // every node used in an edge is declared
        Matcher edges = Pattern.compile("(\\w+) -- (\\w+)").matcher(dot);
        while (edges.find()) {
            for (String id : List.of(edges.group(1), edges.group(2))) {
                assertTrue(dot.contains("    " + id + " [label="), () -> "undeclared node " + id);
            }
        }
    }

    @Test
    void dotQuotesQuotesBackslashesAndNewlines() {
        assertEquals("\"a\\\"b\\\\c\\nd\"", DotGraph.quote("a\"b\\c\nd"));
    }

    @Test
    void svgIsWellFormedAndShowsEveryObject() throws Exception {
        Document doc = parse(SvgPicture.render(Sample.twoPods()));
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getTagName());
        assertEquals("http://www.w3.org/2000/svg", root.getAttribute("xmlns"));
        List<String> texts = texts(doc);
        for (String expected : List.of("pod mypod", "pod otherpod", "eth0 10.244.1.2/24", "eth0 10.244.1.3/24", "veth0123456789a",
                "vethfedcba98765", "/run/netns/netns-demo-4194304-mypod")) {
            assertTrue(texts.stream().anyMatch(t -> t.contains(expected)), () -> "missing " + expected + " in " + texts);
        }
        assertEquals(2, texts.stream().filter(t -> t.equals("veth pair")).count());
        NodeList rects = doc.getElementsByTagName("rect");
        // background, node, bridge, and per pod: host end, pod box, eth0
        assertEquals(3 + 3 * 2, rects.getLength());
        int width = Integer.parseInt(root.getAttribute("width"));
        int height = Integer.parseInt(root.getAttribute("height"));
        for (int i = 0; i < rects.getLength(); i++) {
            Element r = (Element) rects.item(i);
            int x = r.hasAttribute("x") ? Integer.parseInt(r.getAttribute("x")) : 0;
            int y = r.hasAttribute("y") ? Integer.parseInt(r.getAttribute("y")) : 0;
            assertTrue(x >= 0 && y >= 0 && x + Integer.parseInt(r.getAttribute("width")) <= width
                    && y + Integer.parseInt(r.getAttribute("height")) <= height, "rect " + i + " inside the picture");
        }
    }

    @Test
    void svgEscapesMarkupInText() throws Exception {
        Topology t = Sample.twoPods();
        Topology odd = new Topology(t.nodeName(), t.nodePath(), t.bridge(), t.gateway(), t.subnet(),
                List.of(Sample.pod(t.nodeName(), "a", "10.244.1.2/24", "veth1", new Topology.Container("x<y>&\"'", "1 < 2 & 3 > 2"))));
        List<String> texts = texts(parse(SvgPicture.render(odd)));
        assertTrue(texts.contains("x<y>&\"': 1 < 2 & 3 > 2"), texts::toString);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static List<String> texts(Document doc) {
        NodeList nodes = doc.getElementsByTagName("text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
