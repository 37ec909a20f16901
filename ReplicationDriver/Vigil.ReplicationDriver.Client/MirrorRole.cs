namespace Vigil.ReplicationDriver.Client;

/// <summary>Whether this node exports and writes the mirror or receives it.</summary>
public enum MirrorRole
{
    /// <summary>Exports the volume over NBD and ships every write to the targets.</summary>
    Primary,

    /// <summary>A target: receives writes and resync data; never exports its copy.</summary>
    Secondary,
}
