package io.reelport.common.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes an executable that JavaCPP extracted from the bytedeco jar runnable as a child process.
 *
 * <p>On Linux the extracted {@code ffmpeg} finds its direct libraries through its runpath
 * ({@code $ORIGIN}), but a runpath does not extend to the libraries' own dependencies, and the jar
 * ships some of those under their link name only ({@code libva.so}, where the dynamic linker asks
 * for the soname {@code libva.so.2}). Inside the JVM JavaCPP sidesteps both by loading every library
 * itself; a child process cannot. So next to the executable this adds the missing soname links
 * that the dynamic linker asks for, and a small launcher script that puts the library directory on
 * {@code LD_LIBRARY_PATH} and execs the real executable. Callers just run the script's path.
 */
final class BundledExecutable {

    private static final Pattern CANNOT_OPEN = Pattern.compile("([\\w.+-]+\\.so[.\\d]*): cannot open shared object file");
    private static final Pattern VERSIONED = Pattern.compile("(.+\\.so)\\.[\\d.]+");
    /** The Debian/Ubuntu packages of the system libraries the bundled Linux build links. */
    private static final Map<String, String> DEBIAN_PACKAGES = Map.of(
            "libpulse.so.0", "libpulse0",
            "libasound.so.2", "libasound2",
            "libxcb.so.1", "libxcb1",
            "libxcb-shm.so.0", "libxcb-shm0");
    private static final int MAX_LINKS = 8;

    private BundledExecutable() {
    }

    /** A path that runs {@code executable}: itself where it runs as is, else a launcher script. */
    static Path runnable(Path executable, String name, String variable) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            String failure = versionCheck(executable);
            if (failure != null) {
                throw new IllegalStateException("the bundled " + name + " does not run: " + failure + "; set " + variable);
            }
            return executable;
        }
        Path libraries = executable.getParent();
        Path launcher = writeLauncher(executable);
        for (int links = 0; ; links++) {
            String failure = versionCheck(launcher);
            if (failure == null) {
                return launcher;
            }
            String missing = missingLibrary(failure);
            if (missing == null) {
                throw new IllegalStateException("the bundled " + name + " does not run: " + failure + "; set " + variable);
            }
            Matcher versioned = VERSIONED.matcher(missing);
            Path shipped = versioned.matches() ? libraries.resolve(versioned.group(1)) : null;
            if (shipped == null || !Files.isRegularFile(shipped) || links == MAX_LINKS) {
                throw missingSystemLibrary(name, missing, variable);
            }
            link(libraries.resolve(missing), shipped.getFileName());
        }
    }

    static IllegalStateException missingSystemLibrary(String name, String library, String variable) {
        String debianPackage = DEBIAN_PACKAGES.get(library);
        return new IllegalStateException("the bundled " + name + " needs the system library " + library
                + ", which is not installed" + (debianPackage == null ? "" : " (Debian/Ubuntu: apt-get install " + debianPackage + ")")
                + "; or set " + variable + " to an installed " + name);
    }

    /** The shared library that the dynamic linker could not find, e.g. {@code libpulse.so.0}, or null. */
    static String missingLibrary(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            String library = missingLibrary(String.valueOf(cause.getMessage()));
            if (library != null) {
                return library;
            }
        }
        return null;
    }

    private static String missingLibrary(String message) {
        Matcher matcher = CANNOT_OPEN.matcher(message);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Null when {@code executable -version} exits 0, else what it printed. */
    static String versionCheck(Path executable) {
        try {
            Process process = new ProcessBuilder(executable.toString(), "-hide_banner", "-version")
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            byte[] output = readAll(process.getInputStream());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "no answer to -version within 30 s";
            }
            return process.exitValue() == 0 ? null
                    : "exit " + process.exitValue() + ": " + new String(output, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }

    private static Path writeLauncher(Path executable) {
        Path libraries = executable.getParent();
        Path launcher = libraries.resolve("reelport-launcher").resolve(executable.getFileName());
        String script = "#!/bin/sh\n"
                + "# Written by Reelport (io.reelport.common.media.BundledExecutable): runs the bundled\n"
                + "# executable with the libraries shipped next to it.\n"
                + "LD_LIBRARY_PATH=" + shellQuote(libraries.toString()) + "${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}\n"
                + "export LD_LIBRARY_PATH\n"
                + "exec " + shellQuote(executable.toString()) + " \"$@\"\n";
        try {
            Files.createDirectories(launcher.getParent());
            if (Files.isRegularFile(launcher) && Files.readString(launcher).equals(script)) {
                return launcher;
            }
            // Through a temporary file: another JVM may be starting this launcher right now.
            Path partial = Files.createTempFile(launcher.getParent(), executable.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.writeString(partial, script);
            Files.move(partial, launcher, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return launcher;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a launcher for " + executable, e);
        }
    }

    private static void link(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
        } catch (FileAlreadyExistsException anotherJvmWasFaster) {
            // Same link, made by a parallel build.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link " + link + " to " + target, e);
        }
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
