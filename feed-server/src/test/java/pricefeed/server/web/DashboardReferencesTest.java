package pricefeed.server.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every file the page references, and every module a module imports, is on the classpath under {@code web/}. */
class DashboardReferencesTest {

    private static final Pattern HTML_REF = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"");
    /** {@code import ... from './x.js'}, {@code import './x.js'}, {@code export ... from './x.js'}, {@code import('./x.js')}. */
    private static final Pattern JS_IMPORT = Pattern.compile(
            "(?:\\bimport\\b[^'\"]*?\\bfrom\\s*|\\bexport\\b[^'\"]*?\\bfrom\\s*|\\bimport\\s*\\(?\\s*)['\"](\\.{1,2}/[^'\"]+)['\"]");

    private static String read(String name) throws IOException {
        try (InputStream in = DashboardReferencesTest.class.getClassLoader().getResourceAsStream("web/" + name)) {
            if (in == null) {
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyReferencedFileExists() throws IOException {
        String index = read("index.html");
        Set<String> roots = new LinkedHashSet<>();
        Matcher m = HTML_REF.matcher(index);
        while (m.find()) {
            String ref = m.group(1);
            if (!ref.startsWith("data:") && !ref.startsWith("#") && !ref.contains("://")) {
                roots.add(ref.startsWith("./") ? ref.substring(2) : ref);
            }
        }
        assertTrue(roots.contains("app.js") && roots.contains("app.css"), roots.toString());

        Set<String> seen = new TreeSet<>();
        Set<String> missing = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String file = todo.pop();
            if (!seen.add(file)) {
                continue;
            }
            String text = read(file);
            if (text == null) {
                missing.add(file);
                continue;
            }
            if (file.endsWith(".js")) {
                Matcher imports = JS_IMPORT.matcher(text);
                while (imports.find()) {
                    todo.push(resolve(file, imports.group(1)));
                }
            }
        }
        assertEquals(Set.of(), missing);
        assertTrue(seen.size() >= 10, "walked the module graph: " + seen);
        assertTrue(seen.contains("operator.js") && seen.contains("api.js"), seen.toString());
    }

    /** Resolves {@code ./x.js} or {@code ../x.js} against the importing file's folder. */
    private static String resolve(String from, String ref) {
        Deque<String> parts = new ArrayDeque<>();
        int slash = from.lastIndexOf('/');
        if (slash >= 0) {
            for (String p : from.substring(0, slash).split("/")) {
                parts.addLast(p);
            }
        }
        for (String p : ref.split("/")) {
            if (p.equals("..")) {
                parts.pollLast();
            } else if (!p.equals(".") && !p.isEmpty()) {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }
}
