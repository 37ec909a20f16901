namespace Vigil.Specs.Kits.Mirror;

/// <summary>The mirror kit's specs share one <see cref="RepdPair"/>: the kit finds its driver through a process-wide variable.</summary>
[CollectionDefinition(Name)]
public sealed class MirrorKitCollection : ICollectionFixture<RepdPair>
{
    public const string Name = "mirror-kit";
}
