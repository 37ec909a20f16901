namespace Vigil.Journal.Embedded;

/// <summary>Where one batch record lives: its segment, the byte offset of its record header and its payload length.</summary>
internal readonly record struct BatchLocation(long FirstPosition, int Count, long Segment, long Offset, int PayloadLength)
{
    public long LastPosition => FirstPosition + Count - 1;

    public long End => Offset + SegmentFormat.RecordHeaderSize + PayloadLength;
}
