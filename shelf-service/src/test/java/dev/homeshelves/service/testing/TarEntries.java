package dev.homeshelves.service.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a tar stream (ustar with pax headers, as Jib and GNU tar write them) into its entries:
 * name, mode, owner and content. Enough to check an image tarball; not a general tar library.
 */
public final class TarEntries {

  /** One entry: {@code type} '0' file, '5' directory, '2' symlink. */
  public record Entry(String name, char type, int mode, int uid, int gid, byte[] content) {
    public String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  private TarEntries() {}

  /** Every entry by name (a later entry of the same name wins, as when extracting). */
  public static Map<String, Entry> read(InputStream in) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    String paxPath = null;
    byte[] header = new byte[512];
    while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
      String name = field(header, 0, 100);
      String prefix = field(header, 345, 155);
      long size = Long.parseLong(field(header, 124, 12).trim().isEmpty() ? "0" : field(header, 124, 12).trim(), 8);
      char type = (char) (header[156] == 0 ? '0' : header[156]);
      byte[] content = in.readNBytes((int) size);
      in.skipNBytes((512 - size % 512) % 512);
      if (type == 'x') {
        paxPath = paxValue(new String(content, StandardCharsets.UTF_8), "path");
        continue;
      }
      if (type == 'g') {
        continue;
      }
      String full = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
      paxPath = null;
      full = full.startsWith("./") ? full.substring(2) : full;
      full = full.endsWith("/") ? full.substring(0, full.length() - 1) : full;
      entries.put(full, new Entry(full, type, octal(header, 100, 8), octal(header, 108, 8), octal(header, 116, 8), content));
    }
    return entries;
  }

  /** Reads all of {@code in}. */
  public static byte[] bytes(InputStream in) throws IOException {
    var out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static String paxValue(String records, String key) {
    for (String record : records.split("\n")) {
      int space = record.indexOf(' ');
      if (space > 0 && record.startsWith(key + "=", space + 1)) {
        return record.substring(space + 2 + key.length());
      }
    }
    return null;
  }

  private static int octal(byte[] header, int offset, int length) {
    String value = field(header, offset, length).trim();
    return value.isEmpty() ? 0 : Integer.parseInt(value, 8);
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
