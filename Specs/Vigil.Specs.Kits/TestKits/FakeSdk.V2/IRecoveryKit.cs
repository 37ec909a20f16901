namespace Vigil.Plugins.Abstractions;

public interface IRecoveryKit
{
    string Name { get; }
}
