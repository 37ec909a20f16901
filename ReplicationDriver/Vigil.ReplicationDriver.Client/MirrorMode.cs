namespace Vigil.ReplicationDriver.Client;

/// <summary>How a primary waits for its targets.</summary>
public enum MirrorMode
{
    /// <summary>A write completes once every target has written it; a flush once every copy is durable (DRBD protocol C).</summary>
    Sync,

    /// <summary>A write completes locally and is shipped in order; overflow falls back to the bitmap.</summary>
    Async,
}
