"""The config file: label names, colours and theme; mistakes are reported, defaults used."""

from __future__ import annotations

from pathlib import Path

from annotations.config import DEFAULT_LABEL_COLOURS, default_config, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path / "absent.toml") == default_config()


def test_names_colours_and_theme(tmp_path: Path) -> None:
    config = load_config(
        write(tmp_path, 'theme = "nord"\n[labels.4]\nname = "Doubt"\ncolour = "#123456"\n')
    )
    assert (config.label(4).name, config.label(4).colour, config.theme) == (
        "Doubt",
        "#123456",
        "nord",
    )
    assert config.label(1).name == "Key point"
    assert config.warning is None


def test_bad_values_are_reported_and_replaced(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path, '[labels.2]\ncolour = "red"\nname = "Bad\\u001b[31m"\n[labels.3]\ncolor = 5\n'
        )
    )
    assert config.label(2).colour == DEFAULT_LABEL_COLOURS[2]
    assert config.label(2).name == "Evidence"
    assert config.warning is not None
    assert "labels.2.colour" in config.warning and "labels.2.name" in config.warning
    assert "labels.3.colour" in config.warning


def test_broken_toml_is_ignored_with_a_warning(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[labels\nname = "))
    assert config.labels == default_config().labels
    assert config.warning is not None and "ignored" in config.warning


def test_keymap_is_read_and_checked(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            '[keymap]\n"article.down" = "ctrl+j, j"\n"no.such" = "x"\n"app.quit" = 5\n',
        ),
        {"article.down", "app.quit"},
    )
    assert config.keymap == {"article.down": "ctrl+j,j"}
    assert config.warning is not None
    assert "\n" not in config.warning
    assert "unknown binding ids no.such" in config.warning
    assert "keymap.app.quit must be a key string" in config.warning


def test_keymap_must_be_a_table(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, 'keymap = "vim"\n'))
    assert config.keymap == {}
    assert config.warning is not None and "keymap must be a table" in config.warning


def test_reading_counts_is_off_by_default_and_read_when_set(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, 'theme = "x"\n')).counts is False
    config = load_config(write(tmp_path, "[reading]\ncounts = true\n"))
    assert config.counts is True
    assert config.warning is None


def test_reading_counts_must_be_a_boolean(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[reading]\ncounts = "yes"\n'))
    assert config.counts is False
    assert config.warning is not None and "reading.counts must be true or false" in config.warning
    config = load_config(write(tmp_path, 'reading = "vim"\n'))
    assert config.counts is False
    assert config.warning is not None and "reading must be a table" in config.warning
