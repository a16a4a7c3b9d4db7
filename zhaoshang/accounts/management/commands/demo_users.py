from django.core.management.base import BaseCommand

from zhaoshang.accounts.services import ensure_demo_users


class Command(BaseCommand):
    help = "创建演示账号（市级管理员、市级工作人员、领导、县区专员、开发区专员）并打印登录信息"

    def handle(self, *args, **options):
        for user, password in ensure_demo_users():
            self.stdout.write(
                f"  {user.get_role_display():<10} {user.scope_label:<12} 用户名 {user.username}  密码 {password}"
            )
