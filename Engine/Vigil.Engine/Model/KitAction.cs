namespace Vigil.Engine.Model;

/// <summary>The actions the engine asks a recovery kit to run.</summary>
public enum KitAction
{
    Restore,
    Remove,
    QuickCheck,
    DeepCheck,
    Recover,
}
