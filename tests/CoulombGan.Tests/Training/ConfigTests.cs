using CoulombGan.Training;

namespace CoulombGan.Tests.Training;

public sealed class ConfigTests
{
    [Theory]
    [InlineData("gaussians25")]
    [InlineData("ring8")]
    [InlineData("fashion-mnist")]
    public void Presets_round_trip_through_json(string name)
    {
        var preset = Presets.Get(name);
        Assert.Equal(preset, TrainingConfig.FromJson(preset.ToJson(), "test"));
    }

    [Fact]
    public void Unknown_keys_are_rejected()
    {
        var json = Presets.Gaussians25.ToJson().Replace("\"steps\"", "\"stepz\"");
        var error = Assert.Throws<ConfigurationException>(() => TrainingConfig.FromJson(json, "my.json"));
        Assert.StartsWith("my.json:", error.Message);
        Assert.Contains("stepz", error.Message);
    }

    [Theory]
    [InlineData("epsilon", "must be a positive number")]
    [InlineData("batch-size", "must be at least 2")]
    [InlineData("kernel-dimension", "must be greater than 2")]
    [InlineData("learning-rate-generator", "must be a positive number")]
    public void Nonsense_values_are_rejected_by_name(string key, string rule)
    {
        var config = key switch
        {
            "epsilon" => Presets.Gaussians25 with { Epsilon = -1 },
            "batch-size" => Presets.Gaussians25 with { BatchSize = 1 },
            "kernel-dimension" => Presets.Gaussians25 with { KernelDimension = 2 },
            _ => Presets.Gaussians25 with { LearningRateGenerator = double.NaN },
        };
        var error = Assert.Throws<ConfigurationException>(() => config.Validated());
        Assert.StartsWith(key + " = ", error.Message);
        Assert.Contains(rule, error.Message);
    }

    [Fact]
    public void Unknown_preset_lists_the_known_ones()
    {
        var error = Assert.Throws<ConfigurationException>(() => Presets.Get("mnist"));
        Assert.Contains("gaussians25, ring8, fashion-mnist", error.Message);
    }

    [Fact]
    public void Exponential_schedule_follows_its_closed_form()
    {
        var schedule = new ExponentialSchedule(3, 1, 1000);
        Assert.Equal(3, schedule.At(0), 12);
        Assert.Equal(1, schedule.At(1000), 12);
        Assert.Equal(Math.Sqrt(3), schedule.At(500), 12);
        Assert.Equal(3 * Math.Exp(Math.Log(1.0 / 3) * 0.25), schedule.At(250), 12);
        Assert.Equal(1, schedule.At(5000), 12);
    }
}
