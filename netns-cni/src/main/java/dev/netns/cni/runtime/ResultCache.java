package dev.netns.cni.runtime;

import dev.netns.cni.spec.Json;
import dev.netns.cni.spec.JsonDecodeException;
import dev.netns.cni.spec.JsonObject;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result cache, in libcni's layout and format so runtimes share it: one file per attachment,
 * {@code <cacheDir>/results/<network>-<containerId>-<ifName>}, holding
 * {@code {"kind":"cniCacheV1","containerId":...,"config":<base64 of the list>,"ifName":...,
 * "networkName":...,"netns":...,"cniArgs":[[k,v],...],"capabilityArgs":{...},"result":{...}}}.
 * Files are replaced atomically (written aside, then renamed).
 */
final class ResultCache {
    private static final String KIND = "cniCacheV1";

    private final Path results;

    ResultCache(Path cacheDirectory) {
        this.results = cacheDirectory.resolve("results");
    }

    /** One cached attachment. */
    record Entry(String networkName, String containerId, String ifName, Optional<String> netns, byte[] config,
                 Map<String, String> cniArgs, Map<String, Object> capabilityArgs, Optional<Map<String, Object>> result) {
    }

    Path file(String network, String containerId, String ifName) {
        return results.resolve(network + "-" + containerId + "-" + ifName);
    }

    void put(String network, byte[] config, Attachment a, Map<String, Object> result) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", KIND);
        m.put("containerId", a.containerId());
        m.put("config", Base64.getEncoder().encodeToString(config));
        m.put("ifName", a.ifName());
        m.put("networkName", network);
        m.put("netns", a.netns().toString());
        if (!a.args().isEmpty()) {
            List<Object> args = new ArrayList<>();
            a.args().forEach((k, v) -> args.add(List.of(k, v)));
            m.put("cniArgs", args);
        }
        if (!a.capabilityArgs().isEmpty()) {
            m.put("capabilityArgs", a.capabilityArgs());
        }
        m.put("result", result);
        Files.createDirectories(results);
        Path target = file(network, a.containerId(), a.ifName());
        Path tmp = Files.createTempFile(results, ".tmp-", "");
        try {
            Files.write(tmp, Json.write(m));
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    Optional<Entry> get(String network, String containerId, String ifName) throws CniException {
        Path f = file(network, containerId, ifName);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CniException("cannot read cached result " + f + ": " + e.getMessage(), e);
        }
        try {
            return Optional.of(decode(Json.parseObject(bytes)));
        } catch (JsonDecodeException | IllegalArgumentException e) {
            throw new CniException("cached result " + f + " is not a libcni cache file: " + e.getMessage());
        }
    }

    void remove(String network, String containerId, String ifName) throws CniException {
        Path f = file(network, containerId, ifName);
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new CniException("cannot remove cached result " + f + ": " + e.getMessage(), e);
        }
    }

    /** Every cached attachment of {@code network}; files of other formats or networks are skipped. */
    List<Entry> list(String network) throws CniException {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(results)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(results, network + "-*")) {
            for (Path f : files) {
                try {
                    Entry e = decode(Json.parseObject(Files.readAllBytes(f)));
                    if (e.networkName().equals(network)) {
                        out.add(e);
                    }
                } catch (JsonDecodeException | IllegalArgumentException | NoSuchFileException e) {
                    // not ours to judge: another format, or removed while we listed
                }
            }
        } catch (IOException e) {
            throw new CniException("cannot list cached results in " + results + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static Entry decode(JsonObject o) throws JsonDecodeException {
        if (!KIND.equals(o.string("kind").orElse(""))) {
            throw new JsonDecodeException("kind: expected " + KIND);
        }
        Map<String, String> args = new LinkedHashMap<>();
        for (Object pair : o.list("cniArgs")) {
            if (pair instanceof List<?> l && l.size() == 2 && l.get(0) instanceof String k && l.get(1) instanceof String v) {
                args.put(k, v);
            } else {
                throw new JsonDecodeException("cniArgs: expected [key, value] pairs");
            }
        }
        return new Entry(o.requireString("networkName"), o.requireString("containerId"), o.requireString("ifName"),
                o.string("netns"), Base64.getDecoder().decode(o.string("config").orElse("")), args,
                o.object("capabilityArgs").map(JsonObject::asMap).orElse(Map.of()),
                o.object("result").map(JsonObject::asMap));
    }
}
