using Vigil.Plugins.Abstractions;
using Vigil.TestKits.Greeting;

namespace Kit.Alpha;

public sealed class AlphaKit : IRecoveryKit
{
    public string Name => "alpha";

    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new GreetingType()];

    private sealed class GreetingType : ResourceType
    {
        public override ResourceTypeDefinition Definition { get; } = new() { Name = "alpha" };

        public override Task<ActionResult> RestoreAsync(ActionContext context) =>
            Task.FromResult(ActionResult.Success($"{typeof(Greeter).Assembly.GetName().Version}: {Greeter.Hello()}"));

        public override Task<ActionResult> RemoveAsync(ActionContext context) => Task.FromResult(ActionResult.Success());

        public override Task<ActionResult> QuickCheckAsync(ActionContext context) => Task.FromResult(ActionResult.Healthy());
    }
}
