using System.Net.Sockets;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Mirror;

/// <summary>Runs one control call and turns the driver's refusals and an unreachable socket into messages and exit codes.</summary>
internal static class ControlCall
{
    /// <summary>The call's result and <see cref="CliApp.Ok"/>, or default and the exit code after printing why.</summary>
    public static async Task<(T? Value, int Code)> RunAsync<T>(string socket, string what, Func<MirrorControlClient, Task<T>> call, TextWriter error)
    {
        try
        {
            return (await call(new MirrorControlClient(socket)), CliApp.Ok);
        }
        catch (ControlException e)
        {
            await error.WriteLineAsync($"vigil: vigil-repd refused {what}: {e.Message}");
            return (default, MirrorExit.Refused);
        }
        catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
        {
            if (!File.Exists(socket))
            {
                await error.WriteLineAsync($"vigil: no vigil-repd control socket at {socket} (is vigil-repd running? --control or VIGIL_REPD_CONTROL names the socket)");
                return (default, MirrorExit.Unreachable);
            }

            await error.WriteLineAsync($"vigil: cannot reach vigil-repd at {socket}: {e.Message} (is it running? --control or VIGIL_REPD_CONTROL names the socket)");
            return (default, MirrorExit.Unreachable);
        }
    }
}
