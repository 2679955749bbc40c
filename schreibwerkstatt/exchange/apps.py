from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "schreibwerkstatt.exchange"
    label = "exchange"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        # The export registry lives with the exports app (a lower layer); this app adds the
        # formats it writes itself. Its job kinds are found by jobs (exchange/job_kinds.py).
        from schreibwerkstatt.exports.formats import EXPORT_FORMATS

        from .spreadsheets import export_measures_csv, export_measures_xlsx
        from .strategy_json import export_strategy_json

        EXPORT_FORMATS.update(
            json=export_strategy_json, xlsx=export_measures_xlsx, csv=export_measures_csv
        )
