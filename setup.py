"""What pyproject.toml cannot say on its own: templates/, static/ and migrations/ stay
top-level folders in the checkout (as `make run` and the design want them) and are packaged
inside `app` (app/templates, app/static, app/migrations, where `app.config.DATA` finds
them once installed). The Dutch translations are compiled into the package when Babel is
at hand at build time; a server that finds them missing compiles them at start."""
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

DATA = {"app.templates": "templates", "app.static": "static", "app.migrations": "migrations"}


class BuildWithTranslations(build_py):
    def run(self):
        super().run()
        try:
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po
        except ImportError:
            return
        for po in Path("app/translations").glob("*/LC_MESSAGES/*.po"):
            target = Path(self.build_lib) / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source, target.open("wb") as mo:
                write_mo(mo, read_po(source, locale=po.parent.parent.name))


setup(
    packages=[*find_packages(include=["app", "app.*", "facilitation", "facilitation.*"]),
              "app.translations", *DATA],
    package_dir=DATA,
    package_data={**{name: ["**/*"] for name in DATA},
                  "app.translations": ["*/LC_MESSAGES/*.po"]},
    exclude_package_data={name: ["**/__pycache__/*", "**/*.pyc"] for name in DATA},
    py_modules=["serve"],
    cmdclass={"build_py": BuildWithTranslations},
)
