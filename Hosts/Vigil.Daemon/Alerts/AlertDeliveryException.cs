namespace Vigil.Daemon.Alerts;

/// <summary>An attempt failed (script exit code, HTTP status, timeout): retried. The message never holds the secret.</summary>
internal sealed class AlertDeliveryException(string message) : Exception(message);
