using System.Runtime.CompilerServices;
using Vigil.Plugins.Abstractions;

namespace Kit.Crashy;

public sealed class CrashyKit : IRecoveryKit
{
    public string Name => "crashy";

    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new CrashyType()];

    private sealed class CrashyType : ResourceType
    {
        public override ResourceTypeDefinition Definition { get; } = new()
        {
            Name = "crashy",
            Parameters = [new ParameterDefinition { Name = "mode", Type = ParameterType.Enum, AllowedValues = ["ok", "throw", "hang", "failfast", "stackoverflow", "slow", "oom"], Default = "ok" }],
        };

        public override async Task<ActionResult> RestoreAsync(ActionContext context)
        {
            switch (context.Parameters["mode"])
            {
                case "throw":
                    throw new InvalidOperationException("crashy kit threw on purpose");
                case "hang":
                    // The hang is the behaviour under test: it ignores its cancellation token and the host must abandon it.
                    Thread.Sleep(Timeout.Infinite);
                    break;
                case "failfast":
                    Environment.FailFast("crashy kit called FailFast on purpose");
                    break;
                case "stackoverflow":
                    return ActionResult.Success(Recurse(0).ToString(System.Globalization.CultureInfo.InvariantCulture));
                case "oom":
                    // Touches every page so the memory is really used: the kernel's OOM killer ends the host.
                    var hoard = new List<byte[]>();
                    while (true)
                    {
                        var block = new byte[32 * 1024 * 1024];
                        Array.Fill(block, (byte)1);
                        hoard.Add(block);
                    }

                case "slow":
                    // The slowness is the behaviour under test: it honours its token and finishes only when cancelled.
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                    break;
            }

            return ActionResult.Success("ok");
        }

        public override Task<ActionResult> RemoveAsync(ActionContext context) => Task.FromResult(ActionResult.Success());

        public override Task<ActionResult> QuickCheckAsync(ActionContext context) => Task.FromResult(ActionResult.Healthy());

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Recurse(long depth) => depth < 0 ? depth : Recurse(depth + 1) + 1;
    }
}
