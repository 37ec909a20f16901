namespace Vigil.Engine.Events;

/// <summary>An event about one node: it is journaled in that node's stream.</summary>
public interface INodeScoped
{
    string Node { get; }
}
