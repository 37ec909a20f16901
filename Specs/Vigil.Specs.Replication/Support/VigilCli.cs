using Vigil.Specs.Support;

namespace Vigil.Specs.Replication.Support;

/// <summary>The built <c>vigil</c> binary, run as an operator would (stdout redirected: plain progress lines).</summary>
internal static class VigilCli
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(RepdNode node, params string[] args)
        => await Tool.RunAsync(RepoPaths.Vigil, [.. args, "--control", node.ControlSocket], TimeSpan.FromSeconds(90));

    public static async Task<string> CheckAsync(RepdNode node, params string[] args)
    {
        var (exit, output, error) = await RunAsync(node, args);
        Assert.True(exit == 0, $"vigil {string.Join(' ', args)} exited {exit}: {error}{output}\nlog of {node.Name}:\n{node.Log}");
        return output;
    }
}
