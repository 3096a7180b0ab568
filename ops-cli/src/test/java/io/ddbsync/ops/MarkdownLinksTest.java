package io.ddbsync.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of every Markdown file in the repository resolves: to a file or folder that exists, and with
 * an {@code #anchor} to a heading of the Markdown file it names (GitHub's heading ids). Links to the web, and links
 * inside code, are not checked.
 */
class MarkdownLinksTest {

    /** {@code [text](target)} and {@code ![alt](target)}; the target up to the first space or closing parenthesis. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Set<String> SKIPPED_FOLDERS = Set.of("target", "node_modules", ".git", "cdk.out");

    @Test
    void links_everyMarkdownFile_relativeTargetsAndAnchorsResolve() throws IOException {
        Path root = repositoryRoot();
        assertThat(markdownFiles(root)).as("Markdown files found under " + root).hasSizeGreaterThan(5);
        assertThat(broken(root)).isEmpty();
    }

    @Test
    void broken_missingFileAndMissingHeading_bothReported(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("README.md"), "# Top\n[ok](docs/A.md#a-heading) [gone](docs/B.md) [no](docs/A.md#nope) "
                + "[web](https://example.com/x) `[code](nowhere.md)`\n");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/A.md"), "## A heading\n[up](../README.md#top)\n");

        assertThat(broken(dir)).containsExactly("README.md: docs/B.md (no such file)",
                "README.md: docs/A.md#nope (no heading #nope in docs/A.md)");
    }

    /** Every broken relative link of the Markdown files under {@code root}, as {@code file: target (why)}. */
    static List<String> broken(Path root) throws IOException {
        List<Path> files = markdownFiles(root);
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        int checked = 0;
        for (Path file : files) {
            for (String target : links(file)) {
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto:
                }
                checked++;
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(root.relativize(file) + ": " + target + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors.computeIfAbsent(resolved, MarkdownLinksTest::headingIds).contains(anchor)) {
                    broken.add(root.relativize(file) + ": " + target + " (no heading #" + anchor + " in " + root.relativize(resolved) + ")");
                }
            }
        }
        if (checked == 0) {
            broken.add("no relative link found under " + root);
        }
        return broken;
    }

    @Test
    void headingIds_asGitHubMakesThem() {
        assertThat(slug("`ddbsync local --faults`: convergence under faults")).isEqualTo("ddbsync-local---faults-convergence-under-faults");
        assertThat(slug("Shaping: one definition, every place that shapes a document"))
                .isEqualTo("shaping-one-definition-every-place-that-shapes-a-document");
        assertThat(slug("OpenSearch 3.x")).isEqualTo("opensearch-3x");
    }

    /** The folder holding the root pom (the one listing the modules), from the module's working directory upwards. */
    static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.exists(pom) && Files.readString(pom).contains("<module>ops-cli</module>")) {
                return dir;
            }
        }
        throw new IllegalStateException("no root pom.xml above " + Path.of("").toAbsolutePath());
    }

    private static List<Path> markdownFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> root.relativize(p).toString().isEmpty() || noSkippedFolder(root.relativize(p)))
                    .sorted().toList();
        }
    }

    private static boolean noSkippedFolder(Path relative) {
        for (Path part : relative) {
            if (SKIPPED_FOLDERS.contains(part.toString())) {
                return false;
            }
        }
        return true;
    }

    /** The link targets of a file, outside fenced code blocks and inline code. */
    static List<String> links(Path file) {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines(file)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** The ids GitHub gives a file's headings (a repeated one gets {@code -1}, {@code -2}, …). */
    static Set<String> headingIds(Path file) {
        Set<String> ids = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines(file)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String id = slug(m.group(1));
                int n = seen.merge(id, 1, Integer::sum) - 1;
                ids.add(n == 0 ? id : id + "-" + n);
            }
        }
        return ids;
    }

    /** GitHub's heading id: lower case, markup and punctuation dropped (letters, digits, '-', '_' and spaces kept), spaces to '-'. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replace("`", "").toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                sb.appendCodePoint(c);
            } else if (c == ' ') {
                sb.append('-');
            }
        });
        return sb.toString();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
