using Vigil.Plugins.Abstractions;
using Vigil.TestKits.Greeting;

namespace Kit.Beta;

public sealed class BetaKit : IRecoveryKit
{
    public string Name => "beta";

    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new GreetingType()];

    private sealed class GreetingType : ResourceType
    {
        public override ResourceTypeDefinition Definition { get; } = new() { Name = "beta" };

        public override Task<ActionResult> RestoreAsync(ActionContext context) =>
            Task.FromResult(ActionResult.Success($"{typeof(Greeter).Assembly.GetName().Version}: {Greeter.Hello()}"));

        public override Task<ActionResult> RemoveAsync(ActionContext context) => Task.FromResult(ActionResult.Success());

        public override Task<ActionResult> QuickCheckAsync(ActionContext context) => Task.FromResult(ActionResult.Healthy());
    }
}
