using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Ip;

/// <summary>An <see cref="IpLab"/> plus one vigil-kithost running the deployed ip kit inside the lab's node namespace.</summary>
internal sealed class IpNode : IAsyncDisposable
{
    private readonly TempKits _kits = new("Vigil.Kits.Ip");
    private KitHostClient? _host;

    public IpLab Lab { get; } = new();

    public async Task<ActionResult> RunAsync(KitAction action, Dictionary<string, string>? parameters = null)
    {
        _host ??= _kits.Client(Lab.OnNode);
        return await _host.RunAsync(Requests.Run("ip", action, "vip", parameters ?? IpLab.Parameters(), TimeSpan.FromSeconds(30)), Requests.Deadline());
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _kits.Dispose();
        Lab.Dispose();
    }
}
