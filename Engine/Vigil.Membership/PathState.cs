namespace Vigil.Membership;

/// <summary>State of one comm path to one peer, as this node sees it.</summary>
public enum PathState
{
    Alive = 1,
    Dead = 2,
}
