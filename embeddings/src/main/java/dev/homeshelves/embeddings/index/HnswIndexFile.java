package dev.homeshelves.embeddings.index;

import com.spotify.voyager.jni.Index;
import dev.homeshelves.embeddings.Embeddings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * An HNSW graph saved next to its vectors, so a worker loads it instead of building it at every
 * start: {@code <vectors>.hnsw} is Voyager's saved index, {@code <vectors>.hnsw.meta} says what
 * it was built from (item count, dimension, M, efConstruction and a CRC-32C of the vectors).
 * A graph whose meta does not match the vectors and parameters at hand is not used.
 */
public final class HnswIndexFile {
  private HnswIndexFile() {}

  /** What {@link #read} found: the index, or why there is none. */
  public record Lookup(HnswIndex index, String reason) {}

  /** {@code <vectors>.hnsw}. */
  public static Path graphFile(Path vectorsFile) {
    return vectorsFile.resolveSibling(vectorsFile.getFileName() + ".hnsw");
  }

  /** {@code <vectors>.hnsw.meta}. */
  public static Path metaFile(Path vectorsFile) {
    return vectorsFile.resolveSibling(vectorsFile.getFileName() + ".hnsw.meta");
  }

  /** Saves {@code index} (built over the vectors of {@code vectorsFile}) next to that file. */
  public static void write(HnswIndex index, Path vectorsFile) throws IOException {
    Path graph = graphFile(vectorsFile);
    Path tmp = graph.resolveSibling(graph.getFileName() + ".tmp");
    index.saveGraph(tmp);
    Files.move(tmp, graph, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    // The meta goes last: a graph without a matching meta is never used.
    Files.writeString(metaFile(vectorsFile), meta(index.embeddings(), index.params()), StandardCharsets.UTF_8);
  }

  /** The saved graph of {@code vectorsFile} if its meta matches {@code embeddings} and {@code params}. */
  public static Lookup read(Embeddings embeddings, Path vectorsFile, HnswParams params) throws IOException {
    Path graph = graphFile(vectorsFile);
    Path meta = metaFile(vectorsFile);
    if (!Files.isRegularFile(graph) || !Files.isRegularFile(meta)) {
      return new Lookup(null, "no saved index " + graph.getFileName() + " with " + meta.getFileName());
    }
    String expected = meta(embeddings, params);
    String found = Files.readString(meta, StandardCharsets.UTF_8);
    if (!found.equals(expected)) {
      return new Lookup(null, meta.getFileName() + " does not match (saved: " + oneLine(found)
          + "; wanted: " + oneLine(expected) + ")");
    }
    Index index = Index.load(graph.toString(), Index.SpaceType.Cosine, embeddings.dim(), Index.StorageDataType.Float32);
    if (index.getNumElements() != embeddings.size() || index.getNumDimensions() != embeddings.dim()) {
      index.close();
      return new Lookup(null, graph.getFileName() + " holds " + index.getNumElements() + " x "
          + index.getNumDimensions() + ", not the meta's " + embeddings.size() + " x " + embeddings.dim());
    }
    return new Lookup(new HnswIndex(embeddings, index, params), "loaded " + graph.getFileName());
  }

  private static String meta(Embeddings embeddings, HnswParams params) {
    return String.join("\n", List.of(
        "items=" + embeddings.size(),
        "dim=" + embeddings.dim(),
        "M=" + params.m(),
        "ef_construction=" + params.efConstruction(),
        "seed=" + params.seed(),
        "vectors_crc32c=" + Long.toHexString(checksum(embeddings.rawData())))) + "\n";
  }

  private static String oneLine(String meta) {
    return meta.strip().replace('\n', ' ');
  }

  /** CRC-32C of the floats as little-endian bytes: ties the graph to these exact vectors. */
  static long checksum(float[] data) {
    CRC32C crc = new CRC32C();
    ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    for (int from = 0; from < data.length; from += buf.capacity() / 4) {
      int n = Math.min(buf.capacity() / 4, data.length - from);
      buf.clear();
      buf.asFloatBuffer().put(data, from, n);
      buf.limit(n * 4);
      crc.update(buf);
    }
    return crc.getValue();
  }
}
