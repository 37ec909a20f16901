using Vigil.Plugins.Abstractions;

namespace Kit.FutureSdk;

public sealed class FutureKit : IRecoveryKit
{
    public string Name => "future";
}
