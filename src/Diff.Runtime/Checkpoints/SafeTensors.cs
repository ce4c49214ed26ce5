using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Diff.NN;

namespace Diff.Checkpoints
{
    /// <summary>
    /// Reads and writes the safetensors format, so that weights move to and from PyTorch and the
    /// Hugging Face <c>safetensors</c> library.
    /// </summary>
    /// <remarks>
    /// A file is an 8-byte little-endian unsigned header length N, then N bytes of UTF-8 JSON, then
    /// the raw little-endian tensor data. The header maps each tensor name to
    /// <c>{"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}</c>, with offsets relative to
    /// the start of the data; an optional <c>"__metadata__"</c> entry maps strings to strings. The
    /// header is padded with spaces so that the data starts 8-byte aligned, as the reference
    /// implementation does. Tensors are float32 and written as <c>F32</c>. A file may also hold <c>F64</c>,
    /// <c>F16</c> and <c>BF16</c> tensors (a model saved in double or half precision), read into float32
    /// as PyTorch's <c>.float()</c> converts them; and 64-bit integer (<c>I64</c>) entries, which PyTorch
    /// uses for counters such as BatchNorm's <c>num_batches_tracked</c>, are read into float tensors and
    /// written for the names a module marks as integer buffers.
    /// </remarks>
    public static class SafeTensors
    {
        /// <summary>The header key that holds free-form string metadata rather than a tensor.</summary>
        public const string MetadataKey = "__metadata__";

        // The reference implementation refuses headers above 100 MB; so do we, before allocating.
        private const long MaxHeaderLength = 100_000_000;

        // The dtypes a file may hold: every tensor is read into float32 (as PyTorch's load_state_dict copies a checkpoint
        // into a float model), and written as F32.
        private const string ReadDtypes = "F32, F64, F16, BF16 and I64";

        private static readonly HashSet<string> KnownDtypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
            "I32", "U32", "F32", "F64", "I64", "U64",
        };

        /// <summary>Writes <paramref name="tensors"/> to <paramref name="stream"/> in the given order.</summary>
        /// <param name="stream">A writable stream; it is left open.</param>
        /// <param name="tensors">Named tensors; names must be non-empty, unique and not <see cref="MetadataKey"/>.</param>
        /// <param name="metadata">Optional string metadata stored under <see cref="MetadataKey"/>.</param>
        /// <exception cref="ArgumentNullException">An argument or a tensor is null.</exception>
        /// <exception cref="ArgumentException">A name is empty, repeated, reserved or not valid UTF-16.</exception>
        public static void Write(
            Stream stream,
            IEnumerable<(string Name, Tensor Tensor)> tensors,
            IReadOnlyDictionary<string, string>? metadata = null)
        {
            Write(stream, tensors, metadata, int64Names: null);
        }

        /// <summary>Writes tensors as <see cref="Write(Stream, IEnumerable{ValueTuple{string, Tensor}}, IReadOnlyDictionary{string, string}?)"/> does, the named ones as I64.</summary>
        internal static void Write(
            Stream stream,
            IEnumerable<(string Name, Tensor Tensor)> tensors,
            IReadOnlyDictionary<string, string>? metadata,
            IReadOnlySet<string>? int64Names)
        {
            ArgumentNullException.ThrowIfNull(stream);
            ArgumentNullException.ThrowIfNull(tensors);
            List<(string Name, Tensor Tensor)> list = new List<(string, Tensor)>(tensors);
            byte[] header = BuildHeader(list, metadata, int64Names);

            // Everything that can fail on the arguments has failed by now, before the first byte.
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach ((string name, Tensor tensor) in list)
            {
                if (int64Names is not null && int64Names.Contains(name))
                {
                    WriteInt64s(stream, tensor.AsSpan());
                }
                else
                {
                    WriteFloats(stream, tensor.AsSpan());
                }
            }

            stream.Flush();
        }

        /// <summary>
        /// Reads every tensor of a safetensors stream, after checking the whole header: its length,
        /// its JSON, every dtype, shape and offset range.
        /// </summary>
        /// <param name="stream">A readable stream positioned at the start of the file; it is left open.</param>
        /// <returns>The named tensors in the order of their data in the file.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
        /// <exception cref="InvalidDataException">The content is not a valid safetensors file of the dtypes read (F32, F64, F16, BF16, I64); the message says what and names the key.</exception>
        public static IReadOnlyList<(string Name, Tensor Tensor)> Read(Stream stream) => Read(stream, out _);

        /// <summary>Reads every tensor and the metadata of a safetensors stream; see <see cref="Read(Stream)"/>.</summary>
        /// <param name="stream">A readable stream positioned at the start of the file; it is left open.</param>
        /// <param name="metadata">The <see cref="MetadataKey"/> entries, empty when there are none.</param>
        /// <returns>The named tensors in the order of their data in the file.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
        /// <exception cref="InvalidDataException">The content is not a valid safetensors file of the dtypes read.</exception>
        public static IReadOnlyList<(string Name, Tensor Tensor)> Read(Stream stream, out IReadOnlyDictionary<string, string> metadata)
        {
            ArgumentNullException.ThrowIfNull(stream);
            byte[] content = ReadAll(stream);
            if (content.Length < 8)
            {
                throw new InvalidDataException(
                    $"The safetensors data is truncated: {content.Length} bytes, fewer than the 8-byte header length.");
            }

            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(content);
            long available = content.Length - 8L;
            if (headerLength > (ulong)available)
            {
                throw new InvalidDataException(
                    $"The safetensors header length {headerLength} is larger than the {available} bytes that follow it; the file is truncated or not safetensors.");
            }

            if (headerLength > MaxHeaderLength)
            {
                throw new InvalidDataException($"The safetensors header length {headerLength} exceeds the limit of {MaxHeaderLength} bytes.");
            }

            int dataStart = 8 + (int)headerLength;
            int dataLength = content.Length - dataStart;
            List<Entry> entries = ParseHeader(content.AsMemory(8, (int)headerLength), out metadata);
            ValidateOffsets(entries, dataLength);

            List<(string, Tensor)> result = new List<(string, Tensor)>(entries.Count);
            foreach (Entry entry in entries)
            {
                float[] values = new float[(int)(entry.End - entry.Begin) / entry.ElementSize];
                ReadOnlySpan<byte> bytes = content.AsSpan(dataStart + (int)entry.Begin, (int)(entry.End - entry.Begin));
                switch (entry.Dtype)
                {
                    case "I64":
                        // Integers above 2^24 round to the nearest float; counters stay far below that.
                        for (int i = 0; i < values.Length; i++)
                        {
                            values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes.Slice(i * sizeof(long)));
                        }

                        break;
                    case "F64":
                        // Rounded to the nearest float, as PyTorch's .float() does (beyond float's range: ±infinity).
                        for (int i = 0; i < values.Length; i++)
                        {
                            values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.Slice(i * sizeof(double)));
                        }

                        break;
                    case "F16":
                        // Every half is exactly a float.
                        for (int i = 0; i < values.Length; i++)
                        {
                            values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.Slice(i * 2));
                        }

                        break;
                    case "BF16":
                        // A bfloat16 is the upper half of a float's bits, so it widens exactly.
                        for (int i = 0; i < values.Length; i++)
                        {
                            values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(i * 2)) << 16);
                        }

                        break;
                    default:
                        ReadFloats(bytes, values);
                        break;
                }

                result.Add((entry.Name, Tensor.FromArray(values, entry.Shape)));
            }

            return result;
        }

        /// <summary>
        /// Writes a file so that <paramref name="path"/> holds either its previous content or the
        /// complete new file, never a partial one: the data goes to a temporary file in the same
        /// directory, which is then renamed over the destination.
        /// </summary>
        /// <param name="path">The destination.</param>
        /// <param name="tensors">Named tensors; see <see cref="Write(Stream, IEnumerable{ValueTuple{string, Tensor}}, IReadOnlyDictionary{string, string}?, IReadOnlySet{string}?)"/>.</param>
        /// <param name="wrapStream">Lets tests interpose on the temporary file's stream; null in production.</param>
        /// <param name="int64Names">The tensors written as I64 (integer buffers such as BatchNorm's <c>num_batches_tracked</c>).</param>
        internal static void WriteFileAtomically(
            string path,
            IEnumerable<(string Name, Tensor Tensor)> tensors,
            Func<Stream, Stream>? wrapStream = null,
            IReadOnlySet<string>? int64Names = null)
        {
            string fullPath = Path.GetFullPath(path);
            string directory = Path.GetDirectoryName(fullPath) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
            // Same directory: a rename within one file system is atomic, a copy across them is not.
            string temporary = Path.Combine(directory, "." + Path.GetFileName(fullPath) + "." + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (FileStream file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    Stream target = wrapStream is null ? file : wrapStream(file);
                    Write(target, tensors, null, int64Names);
                    // On disk before the rename, so that a crash right after it cannot expose an empty file.
                    file.Flush(flushToDisk: true);
                }

                File.Move(temporary, fullPath, overwrite: true);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // The original error matters more than a leftover temporary file.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static byte[] BuildHeader(List<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata, IReadOnlySet<string>? int64Names)
        {
            HashSet<string> names = new HashSet<string>(StringComparer.Ordinal);
            foreach ((string name, Tensor tensor) in tensors)
            {
                if (string.IsNullOrEmpty(name))
                {
                    throw new ArgumentException("A tensor name must not be null or empty.", nameof(tensors));
                }

                if (name == MetadataKey)
                {
                    throw new ArgumentException($"The tensor name '{MetadataKey}' is reserved for metadata.", nameof(tensors));
                }

                if (!names.Add(name))
                {
                    throw new ArgumentException($"The tensor name '{name}' appears more than once.", nameof(tensors));
                }

                if (tensor is null)
                {
                    throw new ArgumentNullException(nameof(tensors), $"The tensor '{name}' is null.");
                }

                RequireValidUtf16(name, "tensor name", nameof(tensors));
            }

            if (metadata is not null)
            {
                foreach (KeyValuePair<string, string> pair in metadata)
                {
                    RequireValidUtf16(pair.Key, "metadata key", nameof(metadata));
                    RequireValidUtf16(pair.Value ?? throw new ArgumentNullException(nameof(metadata), $"The metadata value of '{pair.Key}' is null."), "metadata value", nameof(metadata));
                }
            }

            MemoryStream json = new MemoryStream();
            using (Utf8JsonWriter writer = new Utf8JsonWriter(json))
            {
                writer.WriteStartObject();
                if (metadata is not null && metadata.Count > 0)
                {
                    writer.WriteStartObject(MetadataKey);
                    foreach (KeyValuePair<string, string> pair in metadata)
                    {
                        writer.WriteString(pair.Key, pair.Value);
                    }

                    writer.WriteEndObject();
                }

                long offset = 0;
                foreach ((string name, Tensor tensor) in tensors)
                {
                    bool int64 = int64Names is not null && int64Names.Contains(name);
                    long end = offset + (long)tensor.Count * (int64 ? sizeof(long) : sizeof(float));
                    writer.WriteStartObject(name);
                    writer.WriteString("dtype", int64 ? "I64" : "F32");
                    writer.WriteStartArray("shape");
                    foreach (int size in tensor.Shape)
                    {
                        writer.WriteNumberValue(size);
                    }

                    writer.WriteEndArray();
                    writer.WriteStartArray("data_offsets");
                    writer.WriteNumberValue(offset);
                    writer.WriteNumberValue(end);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    offset = end;
                }

                writer.WriteEndObject();
            }

            // Spaces up to a multiple of 8 so that the data that follows is aligned for any dtype.
            int padded = (int)((json.Length + 7) / 8 * 8);
            byte[] header = new byte[padded];
            json.GetBuffer().AsSpan(0, (int)json.Length).CopyTo(header);
            header.AsSpan((int)json.Length).Fill((byte)' ');
            return header;
        }

        private static void RequireValidUtf16(string text, string what, string parameterName)
        {
            if (System.Text.Unicode.Utf8.FromUtf16(text, new byte[Encoding.UTF8.GetMaxByteCount(text.Length)], out _, out _, replaceInvalidSequences: false)
                != System.Buffers.OperationStatus.Done)
            {
                throw new ArgumentException($"The {what} '{text}' is not valid UTF-16 (it has an unpaired surrogate), so it cannot be stored as UTF-8 JSON.", parameterName);
            }
        }

        private static List<Entry> ParseHeader(ReadOnlyMemory<byte> header, out IReadOnlyDictionary<string, string> metadata)
        {
            Dictionary<string, string> meta = new Dictionary<string, string>(StringComparer.Ordinal);
            metadata = meta;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(header);
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException("The safetensors header is not valid JSON: " + exception.Message, exception);
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"The safetensors header must be a JSON object, not {document.RootElement.ValueKind}.");
                }

                List<Entry> entries = new List<Entry>();
                HashSet<string> seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    string name = property.Name;
                    if (!seen.Add(name))
                    {
                        throw new InvalidDataException($"The safetensors header has the key '{name}' more than once.");
                    }

                    if (name == MetadataKey)
                    {
                        ParseMetadata(property.Value, meta);
                        continue;
                    }

                    entries.Add(ParseEntry(name, property.Value));
                }

                return entries;
            }
        }

        private static void ParseMetadata(JsonElement element, Dictionary<string, string> metadata)
        {
            if (element.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"'{MetadataKey}' must be an object of strings, not {element.ValueKind}.");
            }

            foreach (JsonProperty pair in element.EnumerateObject())
            {
                if (pair.Value.ValueKind != JsonValueKind.String)
                {
                    throw new InvalidDataException($"The metadata entry '{pair.Name}' must be a string, not {pair.Value.ValueKind}.");
                }

                metadata[pair.Name] = pair.Value.GetString()!;
            }
        }

        private static Entry ParseEntry(string name, JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The header entry of tensor '{name}' must be an object, not {element.ValueKind}.");
            }

            if (!element.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"Tensor '{name}' has no string \"dtype\".");
            }

            string dtype = dtypeElement.GetString()!;
            int elementSize = dtype switch
            {
                "F32" => sizeof(float),
                "F64" or "I64" => sizeof(long),
                "F16" or "BF16" => 2,
                _ => throw new InvalidDataException(KnownDtypes.Contains(dtype)
                    ? $"Tensor '{name}' has dtype {dtype}; only {ReadDtypes} are supported."
                    : $"Tensor '{name}' has the unknown dtype '{dtype}'; only {ReadDtypes} are supported."),
            };

            if (!element.TryGetProperty("shape", out JsonElement shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"Tensor '{name}' has no \"shape\" array.");
            }

            int[] shape = new int[shapeElement.GetArrayLength()];
            int index = 0;
            foreach (JsonElement size in shapeElement.EnumerateArray())
            {
                if (size.ValueKind != JsonValueKind.Number || !size.TryGetInt32(out int value) || value < 0)
                {
                    throw new InvalidDataException($"Tensor '{name}' has the shape entry {size.GetRawText()}; sizes must be non-negative integers.");
                }

                shape[index++] = value;
            }

            if (!element.TryGetProperty("data_offsets", out JsonElement offsetsElement)
                || offsetsElement.ValueKind != JsonValueKind.Array
                || offsetsElement.GetArrayLength() != 2)
            {
                throw new InvalidDataException($"Tensor '{name}' has no \"data_offsets\" array of two integers.");
            }

            long begin = ReadOffset(name, offsetsElement[0]);
            long end = ReadOffset(name, offsetsElement[1]);
            if (end < begin)
            {
                throw new InvalidDataException($"Tensor '{name}' has data_offsets [{begin}, {end}], which end before they begin.");
            }

            long count = Shapes.ElementCount(shape);
            if (count < 0 || count > Array.MaxLength || end - begin != count * elementSize)
            {
                throw new InvalidDataException(
                    $"Tensor '{name}' has data_offsets [{begin}, {end}] ({end - begin} bytes), but its shape {Shapes.Format(shape)} of {dtype} needs {(count < 0 ? "too many" : (count * elementSize).ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes.");
            }

            return new Entry(name, dtype, shape, begin, end, elementSize);
        }

        private static long ReadOffset(string name, JsonElement element)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long value) || value < 0)
            {
                throw new InvalidDataException($"Tensor '{name}' has the data offset {element.GetRawText()}; offsets must be non-negative integers.");
            }

            return value;
        }

        private static void ValidateOffsets(List<Entry> entries, int dataLength)
        {
            // The reference implementation requires the tensors to tile the data section exactly, in
            // offset order; checking the same rejects overlaps, gaps and ranges past the end.
            entries.Sort((left, right) => left.Begin != right.Begin ? left.Begin.CompareTo(right.Begin) : left.End.CompareTo(right.End));
            long expected = 0;
            string? previous = null;
            foreach (Entry entry in entries)
            {
                if (entry.End > dataLength)
                {
                    throw new InvalidDataException(
                        $"Tensor '{entry.Name}' has data_offsets [{entry.Begin}, {entry.End}] beyond the {dataLength} bytes of data; the file is truncated or corrupt.");
                }

                if (entry.Begin < expected)
                {
                    throw new InvalidDataException(
                        $"Tensor '{entry.Name}' has data_offsets [{entry.Begin}, {entry.End}] that overlap those of tensor '{previous}', which end at {expected}.");
                }

                if (entry.Begin > expected)
                {
                    throw new InvalidDataException(
                        $"Tensor '{entry.Name}' has data_offsets [{entry.Begin}, {entry.End}] that leave a gap after byte {expected}.");
                }

                expected = entry.End;
                previous = entry.Name;
            }

            if (expected != dataLength)
            {
                throw new InvalidDataException(
                    $"The tensors cover {expected} bytes of data but the file has {dataLength}; it is corrupt or has trailing bytes.");
            }
        }

        private static byte[] ReadAll(Stream stream)
        {
            if (stream.CanSeek)
            {
                long remaining = stream.Length - stream.Position;
                if (remaining > Array.MaxLength)
                {
                    throw new InvalidDataException($"The safetensors data is {remaining} bytes, more than one array can hold.");
                }

                byte[] buffer = new byte[remaining];
                stream.ReadExactly(buffer);
                return buffer;
            }

            using MemoryStream copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        private static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
        {
            if (BitConverter.IsLittleEndian)
            {
                stream.Write(MemoryMarshal.AsBytes(values));
                return;
            }

            byte[] buffer = new byte[values.Length * sizeof(float)];
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(i * sizeof(float)), values[i]);
            }

            stream.Write(buffer);
        }

        private static void ReadFloats(ReadOnlySpan<byte> bytes, Span<float> values)
        {
            if (BitConverter.IsLittleEndian)
            {
                bytes.CopyTo(MemoryMarshal.AsBytes(values));
                return;
            }

            for (int i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float)));
            }
        }

        private static void WriteInt64s(Stream stream, ReadOnlySpan<float> values)
        {
            byte[] buffer = new byte[values.Length * sizeof(long)];
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(i * sizeof(long)), (long)MathF.Round(values[i]));
            }

            stream.Write(buffer);
        }

        private sealed record Entry(string Name, string Dtype, int[] Shape, long Begin, long End, int ElementSize);
    }
}
