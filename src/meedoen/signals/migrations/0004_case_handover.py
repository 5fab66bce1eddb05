import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0007_family_debts_and_costs'),
        ('signals', '0003_queue_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='signalcase',
            name='family',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='casework.family'),
        ),
        migrations.AddField(
            model_name='signalcase',
            name='handed_over_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
