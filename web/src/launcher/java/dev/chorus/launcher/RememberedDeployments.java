package dev.chorus.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Forgets the user applications a reused Payara Micro root directory remembers ({@code <application
 * object-type="user">} and its {@code <application-ref>} in {@code config/domain.xml}, and the unpacked copy under
 * {@code applications/}). In an uber jar every user application is deployed from the jar at each start, so a
 * remembered one is always a second, earlier deployment of the same application.
 */
final class RememberedDeployments {
    private RememberedDeployments() {
    }

    static void forget(String[] args) throws Exception {
        Path root = rootDir(args);
        if (root == null || !Files.isRegularFile(root.resolve("config/domain.xml"))) {
            return;
        }
        Path domainXml = root.resolve("config/domain.xml");
        Document domain = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(domainXml.toFile());
        List<String> forgotten = new ArrayList<>();
        for (Element application : elements(domain, "application")) {
            if ("user".equals(application.getAttribute("object-type"))) {
                forgotten.add(application.getAttribute("name"));
                application.getParentNode().removeChild(application);
            }
        }
        if (forgotten.isEmpty()) {
            return;
        }
        for (Element reference : elements(domain, "application-ref")) {
            if (forgotten.contains(reference.getAttribute("ref"))) {
                reference.getParentNode().removeChild(reference);
            }
        }
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.INDENT, "no");
        transformer.transform(new DOMSource(domain), new StreamResult(domainXml.toFile()));
        for (String name : forgotten) {
            deleteRecursively(root.resolve("applications").resolve(name));
        }
        System.err.println("INFO: forgot deployments remembered in " + root + " (the uber jar deploys them): " + forgotten);
    }

    private static Path rootDir(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equalsIgnoreCase("--rootdir")) {
                return Path.of(args[i + 1]);
            }
        }
        return null;
    }

    private static List<Element> elements(Document document, String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i).getNodeType() == Node.ELEMENT_NODE) {
                found.add((Element) nodes.item(i));
            }
        }
        return found;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
