namespace Vigil.Daemon.Alerts;

/// <summary>Who may scrape <c>GET /metrics</c>: <c>[cluster] metrics = guest</c> (default), <c>open</c> or <c>off</c>.</summary>
internal enum MetricsAccess
{
    /// <summary>HTTP Basic with any user (guest or above), like every read of the control API.</summary>
    Guest,

    /// <summary>No credentials: for a Prometheus that cannot send them. The metrics name resources and nodes, nothing secret.</summary>
    Open,

    /// <summary>No endpoint.</summary>
    Off,
}
