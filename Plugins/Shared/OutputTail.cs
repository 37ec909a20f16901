using System.Text;

namespace Vigil.Kits.Shared;

/// <summary>Keeps the last N characters written to it (bounded memory whatever a script prints).</summary>
internal sealed class OutputTail(int capacity)
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public void Append(ReadOnlySpan<char> chunk)
    {
        lock (_lock)
        {
            _text.Append(chunk);
            if (_text.Length > capacity * 2)
            {
                _text.Remove(0, _text.Length - capacity);
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.Length <= capacity ? _text.ToString() : _text.ToString(_text.Length - capacity, capacity);
        }
    }
}
