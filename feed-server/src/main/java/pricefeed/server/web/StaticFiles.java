package pricefeed.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The dashboard's files, read once from a classpath folder (a directory in development, a jar entry
 * prefix in the shaded jar) and kept in memory: they are small, and a request can only ever name a
 * file that was found here, so there is no path to traverse.
 */
final class StaticFiles {

    /** Content types by file extension; anything else is served as bytes. */
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", // module scripts are refused under any non-JavaScript type
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain; charset=utf-8");
    private static final String DEFAULT_TYPE = "application/octet-stream";

    /**
     * One file.
     *
     * @param bytes       its content (never modified)
     * @param contentType its {@code Content-Type}
     * @param etag        a strong validator: a quoted hash of the content
     */
    record File(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, File> files;

    private StaticFiles(Map<String, File> files) {
        this.files = Collections.unmodifiableMap(files);
    }

    /**
     * @param loader where to look
     * @param root   the folder, ending in {@code /}, e.g. {@code web/}; must hold {@link WebConstants#INDEX_FILE}
     * @return every file under it, by path relative to it ({@code app.js}, {@code img/logo.svg})
     * @throws IllegalStateException if the folder or its index page is missing
     */
    static StaticFiles load(ClassLoader loader, String root) {
        URL index = loader.getResource(root + WebConstants.INDEX_FILE);
        if (index == null) {
            throw new IllegalStateException("no " + root + WebConstants.INDEX_FILE + " on the classpath");
        }
        Map<String, File> files = new TreeMap<>();
        try {
            switch (index.getProtocol()) {
                case "file" -> readDirectory(Path.of(index.toURI()).getParent(), files);
                case "jar" -> readJar((JarURLConnection) index.openConnection(), root, files);
                default -> throw new IllegalStateException("cannot list " + index);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the dashboard files failed", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list " + index, e);
        }
        return new StaticFiles(files);
    }

    private static void readDirectory(Path dir, Map<String, File> files) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
                String name = dir.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
                files.put(name, file(name, Files.readAllBytes(path)));
            }
        }
    }

    private static void readJar(JarURLConnection connection, String root, Map<String, File> files) throws IOException {
        connection.setUseCaches(false); // our own JarFile, so closing it cannot close the class loader's
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                if (!entry.isDirectory() && name.startsWith(root) && name.length() > root.length()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        String relative = name.substring(root.length());
                        files.put(relative, file(relative, in.readAllBytes()));
                    }
                }
            }
        }
    }

    private static File file(String name, byte[] bytes) {
        return new File(bytes, contentType(name), etag(bytes));
    }

    /**
     * @param name a file name
     * @return its {@code Content-Type}, by extension
     */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, DEFAULT_TYPE);
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** @return every file by its path relative to the root, in name order */
    Map<String, File> files() {
        return files;
    }
}
