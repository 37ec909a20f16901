using System.Runtime.InteropServices;
using System.Text;
using Vigil.Journal.Embedded;

namespace Vigil.Specs.Journal.Support;

/// <summary>Edits embedded journal segments the way an attacker who knows the format would: payload bytes changed, checksums recomputed.</summary>
public static class SegmentSurgeon
{
    public static void ReplaceInEvent(string directory, string node, long sequence, string from, string to)
    {
        foreach (var path in Directory.GetFiles(directory, "*" + SegmentFormat.Extension).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(path);
            long offset = SegmentFormat.HeaderSize;
            while (offset < bytes.Length)
            {
                SegmentFormat.TryReadRecordHeader(bytes.AsSpan((int)offset), out var length, out _);
                var payloadStart = (int)offset + SegmentFormat.RecordHeaderSize;
                var payload = bytes.AsMemory(payloadStart, length);
                foreach (var e in BatchCodec.Decode(payload))
                {
                    if (e.Node == node && e.Sequence == sequence)
                    {
                        MemoryMarshal.TryGetArray(e.Json, out var segment);
                        var at = segment.AsSpan().IndexOf(Encoding.UTF8.GetBytes(from));
                        Assert.True(at >= 0, $"'{from}' not found in the event's payload");
                        Encoding.UTF8.GetBytes(to).CopyTo(bytes.AsSpan(segment.Offset + at));
                        SegmentFormat.WriteRecordHeader(bytes.AsSpan((int)offset, SegmentFormat.RecordHeaderSize), bytes.AsSpan(payloadStart, length));
                        File.WriteAllBytes(path, bytes);
                        return;
                    }
                }

                offset = payloadStart + length;
            }
        }

        Assert.Fail($"No event {node}/{sequence} in {directory}");
    }
}
