namespace Vigil.Daemon.Lifecycle;

/// <summary>Named, ordered start stages of a node; stop runs them in reverse.</summary>
public enum NodeStage
{
    /// <summary>Identity: the incarnation (boot counter) is advanced and persisted.</summary>
    Identity = 1000,

    /// <summary>The local write-ahead journal is opened and the engine state loaded from it.</summary>
    Journal = 2000,

    /// <summary>The consensus member joins the cluster; the engine state is rebuilt from the committed log.</summary>
    Consensus = 2500,

    /// <summary>The journal feed starts: alert hooks deliver from the outbox, metrics are projected (before the API serves them).</summary>
    Alerts = 2600,

    /// <summary>The forwarder copies the local journal into the cluster-wide Marten journal (with a <c>[journal]</c> section).</summary>
    Forwarding = 2650,

    /// <summary>The control API listens (when the node has an <c>api</c> address).</summary>
    ControlApi = 2700,

    /// <summary>vigil-heartbeat started: comm paths bound and beating in their own process.</summary>
    CommPaths = 3000,

    /// <summary>Path transitions reported by vigil-heartbeat are journaled and drive membership.</summary>
    Detection = 4000,

    /// <summary>The kit host loads the kits; the node runs the actions the cluster asks of it and checks what it holds.</summary>
    Runtime = 5000,

    /// <summary>The supervisor is told the node is ready.</summary>
    Ready = 9000,
}
