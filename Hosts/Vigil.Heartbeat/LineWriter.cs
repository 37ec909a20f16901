using System.Text;

namespace Vigil.Heartbeat;

/// <summary>Writes whole lines to vigild from any thread (one lock; a line is never interleaved with another).</summary>
internal sealed class LineWriter(Stream output)
{
    private readonly Lock _lock = new();

    public void Line(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        lock (_lock)
        {
            try
            {
                output.Write(bytes);
                output.Flush();
            }
            catch (IOException)
            {
                // vigild is gone: the read side of the tick pipe ends too, and the process exits.
            }
        }
    }
}
