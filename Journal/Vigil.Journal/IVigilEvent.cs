namespace Vigil.Journal;

/// <summary>Marker for every journaled event payload. Payloads are immutable records with an <see cref="EventTypeAttribute"/>.</summary>
public interface IVigilEvent
{
}
