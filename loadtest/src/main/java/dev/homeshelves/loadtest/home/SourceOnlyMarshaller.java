package dev.homeshelves.loadtest.home;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.homeshelves.api.v1.GetHomeResponse;
import dev.homeshelves.api.v1.Source;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a {@code GetHomeResponse} off the wire keeping only its {@code source}: the generator
 * counts answers by source and nothing else, so building every shelf and item (and decoding
 * their strings) would only spend the CPU it shares with the server under test. Every byte is
 * still read (skipped fields are consumed), so the transport work is the same as a real client's.
 * A malformed answer fails the call like a full parse would.
 */
final class SourceOnlyMarshaller implements MethodDescriptor.Marshaller<Source> {
  static final SourceOnlyMarshaller INSTANCE = new SourceOnlyMarshaller();
  private static final int SOURCE_TAG =
      (GetHomeResponse.SOURCE_FIELD_NUMBER << 3) | WireFormat.WIRETYPE_VARINT;

  private SourceOnlyMarshaller() {}

  @Override
  public InputStream stream(Source value) {
    throw new UnsupportedOperationException("the load generator never sends a GetHomeResponse");
  }

  @Override
  public Source parse(InputStream stream) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(stream);
      Source source = Source.SOURCE_UNSPECIFIED;
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == SOURCE_TAG) {
          Source read = Source.forNumber(in.readEnum());
          source = read == null ? Source.UNRECOGNIZED : read;
        } else if (!in.skipField(tag)) {
          break;
        }
      }
      return source;
    } catch (IOException e) {
      throw new UncheckedIOException("malformed GetHomeResponse", e);
    }
  }
}
