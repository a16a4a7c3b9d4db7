"""The single entry point for fetching one object on behalf of a user."""

from django.http import Http404


def access_object(model, user, pk, action="view", queryset=None):
    """Return the object with ``pk`` if ``user`` may perform ``action`` on it.

    Anything the user may not reach answers 404, never 403, so that another
    region's record does not even reveal that it exists.
    """
    qs = queryset if queryset is not None else model.objects.all()
    try:
        return qs.restrict(user, action).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("记录不存在或无权访问") from exc
