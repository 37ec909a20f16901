namespace Vigil.Daemon.Alerts;

/// <summary>Where a hook sends: a script or a webhook. One attempt; throws <see cref="AlertDeliveryException"/> when it fails.</summary>
internal interface IAlertChannel : IDisposable
{
    Task SendAsync(AlertItem item, CancellationToken cancellationToken);
}
