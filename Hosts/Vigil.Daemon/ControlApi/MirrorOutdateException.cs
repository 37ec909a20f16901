namespace Vigil.Daemon.ControlApi;

/// <summary>An outdate through the API that stopped before the driver was told (refused first, or no majority).</summary>
internal sealed class MirrorOutdateException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;
}
