package pricefeed.server.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StaticFilesTest {

    @Test
    void readsTheFolderFromADirectory() {
        StaticFiles files = StaticFiles.load(getClass().getClassLoader(), "web/");
        assertEquals("text/html; charset=utf-8", files.files().get("index.html").contentType());
        assertEquals("text/javascript; charset=utf-8", files.files().get("app.js").contentType());
    }

    @Test
    void readsTheFolderFromAJarAsInTheShadedJar(@TempDir Path dir) throws IOException {
        Path jar = dir.resolve("site.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            put(zip, "site/", null);
            put(zip, "site/index.html", "<p>hi</p>");
            put(zip, "site/img/", null);
            put(zip, "site/img/logo.svg", "<svg/>");
            put(zip, "other/secret.txt", "no");
            put(zip, "sitemap.xml", "no");
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            StaticFiles files = StaticFiles.load(loader, "site/");
            assertEquals(java.util.Set.of("index.html", "img/logo.svg"), files.files().keySet());
            assertArrayEquals("<svg/>".getBytes(StandardCharsets.UTF_8), files.files().get("img/logo.svg").bytes());
            assertEquals("image/svg+xml", files.files().get("img/logo.svg").contentType());
        }
    }

    @Test
    void aFolderWithoutIndexPageIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StaticFiles.load(getClass().getClassLoader(), "nothing-here/"));
        assertEquals("no nothing-here/index.html on the classpath", e.getMessage());
    }

    private static void put(JarOutputStream zip, String name, String text) throws IOException {
        zip.putNextEntry(new JarEntry(name));
        if (text != null) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        zip.closeEntry();
    }
}
