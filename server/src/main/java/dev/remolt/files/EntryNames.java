package dev.remolt.files;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/** Rules for entry names and link targets: relative, inside the workspace, printable. */
final class EntryNames {
    private EntryNames() {}

    /** Returns the name without a leading "./", or rejects it. */
    static String check(String name, int maxLength) {
        if (name == null || name.isEmpty()) throw reject(name, "has an empty name");
        if (name.length() > maxLength) throw reject(name, "has a name longer than " + maxLength + " characters");
        if (name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0 || name.chars().anyMatch(c -> c < 0x20)) {
            throw reject(name, "has a control character or a backslash in its name");
        }
        if (name.startsWith("/")) throw reject(name, "is an absolute path");
        String stripped = name;
        while (stripped.startsWith("./")) stripped = stripped.substring(2);
        if (stripped.isEmpty() || stripped.equals(".")) return "./";
        for (String part : stripped.split("/")) {
            if (part.equals("..")) throw reject(name, "climbs out of the workspace with ..");
        }
        if (stripped.equals(ArchiveSanitizer.COMPLETE_MARKER)) throw reject(name, "uses a name reserved by Remolt");
        return stripped;
    }

    /** A link target must stay inside the workspace once resolved from the link's own folder. */
    static void checkLinkTarget(String linkName, String target) {
        if (target == null || target.isEmpty() || target.startsWith("/") || target.indexOf('\0') >= 0) {
            throw reject(linkName, "is a symbolic link to " + printable(target) + ", outside the workspace");
        }
        Deque<String> path = new ArrayDeque<>();
        String[] parts = withoutTrailingSlash(linkName).split("/");
        for (int i = 0; i < parts.length - 1; i++) path.addLast(parts[i]);
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (path.isEmpty()) throw reject(linkName, "is a symbolic link to " + printable(target) + ", outside the workspace");
                path.removeLast();
            } else {
                path.addLast(part);
            }
        }
    }

    /** No entry may be written through a symbolic link an earlier entry made. */
    static void refuseThroughSymlink(String name, Set<String> symlinks) {
        String path = withoutTrailingSlash(name);
        if (symlinks.contains(path)) throw reject(name, "replaces a symbolic link made earlier in the archive");
        int slash = path.indexOf('/');
        while (slash > 0) {
            if (symlinks.contains(path.substring(0, slash))) throw reject(name, "would be written through a symbolic link");
            slash = path.indexOf('/', slash + 1);
        }
    }

    static String withoutTrailingSlash(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    static String printable(String name) {
        if (name == null) return "(none)";
        String shown = name.length() > 120 ? name.substring(0, 120) + "..." : name;
        return "\"" + shown.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }

    private static ArchiveRejectedException reject(String name, String why) {
        return new ArchiveRejectedException("Entry " + printable(name) + " " + why + ".", false);
    }
}
