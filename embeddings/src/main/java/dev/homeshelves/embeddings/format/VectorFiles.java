package dev.homeshelves.embeddings.format;

import dev.homeshelves.embeddings.Embeddings;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes word2vec vector files in both standard formats. Reading detects the format
 * from the content, and either loads every vector the header announces or fails with a {@link
 * VectorFileException} naming the line (text) or record (binary) and the reason.
 */
public final class VectorFiles {
  private static final int DETECT_BYTES = 1 << 20;

  private VectorFiles() {}

  /** Reads {@code file}, detecting text or binary from its content. */
  public static Embeddings read(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Header header = readHeader(in, file);
      in.mark(DETECT_BYTES + 1);
      byte[] head = in.readNBytes(DETECT_BYTES);
      in.reset();
      VectorFormat format = looksLikeText(head, header.dim()) ? VectorFormat.TEXT : VectorFormat.BINARY;
      return format == VectorFormat.TEXT
          ? readText(in, header, file)
          : readBinary(in, header, file);
    }
  }

  /** The format of {@code file} as {@link #read} detects it. */
  public static VectorFormat detect(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Header header = readHeader(in, file);
      return looksLikeText(in.readNBytes(DETECT_BYTES), header.dim())
          ? VectorFormat.TEXT
          : VectorFormat.BINARY;
    }
  }

  /** Writes {@code vectors} to {@code file} in {@code format}, replacing it. */
  public static void write(Embeddings vectors, Path file, VectorFormat format) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      out.write((vectors.size() + " " + vectors.dim() + "\n").getBytes(StandardCharsets.US_ASCII));
      if (format == VectorFormat.TEXT) {
        writeText(vectors, out);
      } else {
        writeBinary(vectors, out);
      }
    }
  }

  private static void writeText(Embeddings vectors, OutputStream out) throws IOException {
    float[] data = vectors.rawData();
    int dim = vectors.dim();
    Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
    StringBuilder line = new StringBuilder(dim * 12);
    for (int row = 0; row < vectors.size(); row++) {
      line.setLength(0);
      line.append(vectors.id(row));
      for (int d = 0; d < dim; d++) {
        // Float.toString is the shortest text that reads back to the same float.
        line.append(' ').append(data[row * dim + d]);
      }
      line.append('\n');
      w.write(line.toString());
    }
    w.flush();
  }

  private static void writeBinary(Embeddings vectors, OutputStream out) throws IOException {
    int dim = vectors.dim();
    float[] data = vectors.rawData();
    ByteBuffer buf = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int row = 0; row < vectors.size(); row++) {
      out.write(vectors.id(row).getBytes(StandardCharsets.UTF_8));
      out.write(' ');
      buf.clear();
      buf.asFloatBuffer().put(data, row * dim, dim);
      out.write(buf.array());
      // The C tool ends each record with a newline; gensim and we skip it when reading.
      out.write('\n');
    }
  }

  private record Header(int count, int dim) {}

  private static Header readHeader(InputStream in, Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (bytes.size() > 200) {
        throw new VectorFileException(file + ": line 1: header is not '<count> <dim>'");
      }
      bytes.write(b);
    }
    String line = bytes.toString(StandardCharsets.UTF_8).trim();
    if (b == -1 && line.isEmpty()) {
      throw new VectorFileException(file + ": line 1: file is empty, expected header '<count> <dim>'");
    }
    String[] parts = line.split("\\s+");
    if (parts.length != 2) {
      throw new VectorFileException(
          file + ": line 1: header '" + line + "' is not '<count> <dim>'");
    }
    try {
      int count = Integer.parseInt(parts[0]);
      int dim = Integer.parseInt(parts[1]);
      if (count < 0 || dim <= 0) {
        throw new VectorFileException(
            file + ": line 1: header '" + line + "' needs count >= 0 and dim > 0");
      }
      if ((long) count * dim > Integer.MAX_VALUE - 8) {
        throw new VectorFileException(
            file + ": line 1: " + count + " x " + dim + " values do not fit in one array");
      }
      return new Header(count, dim);
    } catch (NumberFormatException e) {
      throw new VectorFileException(
          file + ": line 1: header '" + line + "' is not '<count> <dim>' (integers)");
    }
  }

  /**
   * True when the first record reads as text: an id then {@code dim} numbers then a line end.
   * Raw float32 bytes practically never form such a line.
   */
  static boolean looksLikeText(byte[] head, int dim) {
    int end = 0;
    while (end < head.length && head[end] != '\n') {
      end++;
    }
    if (end == head.length && head.length == DETECT_BYTES) {
      return false;
    }
    String first = new String(head, 0, end, StandardCharsets.UTF_8).strip();
    if (first.isEmpty()) {
      return head.length == 0;
    }
    String[] tokens = first.split(" +");
    if (tokens.length != dim + 1) {
      return false;
    }
    for (int i = 1; i < tokens.length; i++) {
      try {
        Float.parseFloat(tokens[i]);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  private static Embeddings readText(InputStream in, Header header, Path file) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    int dim = header.dim();
    List<String> ids = new ArrayList<>(header.count());
    float[] data = new float[header.count() * dim];
    int lineNo = 1;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      if (ids.size() == header.count()) {
        throw new VectorFileException(file + ": line " + lineNo + ": more vectors than the "
            + header.count() + " the header announces");
      }
      String[] tokens = line.strip().split("[ \t]+");
      if (tokens.length != dim + 1) {
        throw new VectorFileException(file + ": line " + lineNo + ": expected an id and " + dim
            + " values, found " + (tokens.length - 1) + " values after '" + tokens[0] + "'");
      }
      int off = ids.size() * dim;
      for (int d = 0; d < dim; d++) {
        try {
          data[off + d] = Float.parseFloat(tokens[d + 1]);
        } catch (NumberFormatException e) {
          throw new VectorFileException(file + ": line " + lineNo + ": value " + (d + 1)
              + " of '" + tokens[0] + "' is not a number: '" + tokens[d + 1] + "'");
        }
      }
      ids.add(tokens[0]);
    }
    if (ids.size() != header.count()) {
      throw new VectorFileException(file + ": line " + lineNo + ": file ends after "
          + ids.size() + " vectors, the header announces " + header.count());
    }
    return build(ids, data, dim, file);
  }

  private static Embeddings readBinary(InputStream in, Header header, Path file) throws IOException {
    int dim = header.dim();
    List<String> ids = new ArrayList<>(header.count());
    float[] data = new float[header.count() * dim];
    byte[] raw = new byte[dim * Float.BYTES];
    ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    ByteArrayOutputStream word = new ByteArrayOutputStream();
    for (int rec = 1; rec <= header.count(); rec++) {
      word.reset();
      int b = in.read();
      while (b == '\n' || b == '\r') {
        b = in.read();
      }
      while (b != -1 && b != ' ') {
        if (word.size() > 10_000) {
          throw new VectorFileException(file + ": record " + rec
              + ": no space after the id within 10000 bytes (not a word2vec binary file?)");
        }
        word.write(b);
        b = in.read();
      }
      if (b == -1) {
        throw new VectorFileException(file + ": record " + rec + ": file ends "
            + (word.size() == 0 ? "before the record" : "inside the id")
            + ", the header announces " + header.count() + " records");
      }
      String id = word.toString(StandardCharsets.UTF_8);
      if (id.isEmpty()) {
        throw new VectorFileException(file + ": record " + rec + ": empty id");
      }
      int got = in.readNBytes(raw, 0, raw.length);
      if (got != raw.length) {
        throw new VectorFileException(file + ": record " + rec + " ('" + id + "'): file ends after "
            + got + " of " + raw.length + " vector bytes");
      }
      buf.clear();
      buf.asFloatBuffer().get(data, (rec - 1) * dim, dim);
      ids.add(id);
    }
    int b = in.read();
    while (b == '\n' || b == '\r' || b == ' ') {
      b = in.read();  // the C tool's newline after the last record
    }
    if (b != -1) {
      throw new VectorFileException(file + ": record " + (header.count() + 1)
          + ": data after the " + header.count() + " records the header announces");
    }
    return build(ids, data, dim, file);
  }

  private static Embeddings build(List<String> ids, float[] data, int dim, Path file)
      throws VectorFileException {
    try {
      return Embeddings.of(ids, data, dim);
    } catch (IllegalArgumentException e) {
      throw new VectorFileException(file + ": " + e.getMessage());
    }
  }
}
