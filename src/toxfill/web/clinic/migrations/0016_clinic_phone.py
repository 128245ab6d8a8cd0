from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0014_two_factor"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinic",
            name="phone",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="clinic",
            name="out_of_hours",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="historicalclinic",
            name="phone",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="historicalclinic",
            name="out_of_hours",
            field=models.CharField(blank=True, max_length=300),
        ),
    ]
