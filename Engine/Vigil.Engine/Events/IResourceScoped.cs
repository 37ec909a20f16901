namespace Vigil.Engine.Events;

/// <summary>An event about one resource: it is journaled in that resource's stream.</summary>
public interface IResourceScoped
{
    string Tag { get; }
}
