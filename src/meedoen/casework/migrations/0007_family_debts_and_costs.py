from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0006_escalation_resolution'),
    ]

    operations = [
        migrations.AddField(model_name='family', name='debts_cents', field=models.BigIntegerField(blank=True, null=True)),
        migrations.AddField(model_name='family', name='municipal_taxes_cents', field=models.BigIntegerField(blank=True, null=True)),
        migrations.AddField(model_name='family', name='health_insurance_cents', field=models.BigIntegerField(blank=True, null=True)),
        migrations.AddField(model_name='family', name='alimony_paid_cents', field=models.BigIntegerField(blank=True, null=True)),
        migrations.AddField(model_name='family', name='childcare_cents', field=models.BigIntegerField(blank=True, null=True)),
    ]
